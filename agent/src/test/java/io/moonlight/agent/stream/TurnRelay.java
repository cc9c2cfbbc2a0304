package io.moonlight.agent.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import io.moonlight.core.turn.InstalledCoturn;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real coturn configured by 'install turn' on a free loopback port, and the ICE servers each side
 * gets from it as the hub's welcome carries them: the agent's with its own credential, a viewer's
 * relay-only (as a browser that cannot reach the node ends up).
 */
final class TurnRelay implements AutoCloseable {
    private final InstalledCoturn coturn;
    private final TurnCredentials issuer;

    private TurnRelay(InstalledCoturn coturn) {
        this.coturn = coturn;
        this.issuer = new TurnCredentials(coturn.secret(), Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** {@code root}: where 'install turn' writes; {@code run}: coturn's log and pid. */
    static TurnRelay start(Path root, Path run) throws IOException, InterruptedException {
        return new TurnRelay(InstalledCoturn.start(root, run));
    }

    TurnCredentials issuer() {
        return issuer;
    }

    /** The agent's stream with the ICE servers of its welcome (its own credential), before any viewer comes. */
    DesktopStream agentSide(DesktopStream stream) {
        stream.iceServers(IceServerList.fromHub(welcomeServers(issuer.issue("ml-alice-20260101000000-abcdef"))));
        return stream;
    }

    /** A viewer's configuration as the web client builds it from its welcome, with relay-only ICE. */
    RTCConfiguration relayOnly(TurnCredential credential) {
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.iceServers = IceServerList.fromHub(welcomeServers(credential));
        configuration.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return configuration;
    }

    /** {@code iceServers} as the hub's welcome carries them with TURN on. */
    private JsonNode welcomeServers(TurnCredential credential) {
        ArrayNode servers = JsonNodeFactory.instance.arrayNode();
        ObjectNode turn = servers.addObject();
        turn.putArray("urls").add("turn:127.0.0.1:" + coturn.port() + "?transport=udp");
        turn.put("username", credential.username()).put("credential", credential.password());
        return servers;
    }

    @Override
    public void close() {
        coturn.close();
    }
}
