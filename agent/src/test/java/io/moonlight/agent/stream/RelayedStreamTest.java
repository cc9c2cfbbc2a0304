package io.moonlight.agent.stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.turn.InstalledCoturn;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnCredentials;
import io.moonlight.core.turn.TurnSecret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream with relay-only ICE on the viewer's side ({@code iceTransportPolicy: 'relay'}, as a
 * browser that cannot reach the node would end up): every packet goes through a real coturn
 * configured by 'install turn', with credentials issued from its secret and handed over as the
 * hub's welcome carries them.
 */
@ServiceTest
class RelayedStreamTest {
    @TempDir
    static Path root;
    @TempDir
    static Path run;
    private static InstalledCoturn coturn;
    private static int port;
    private static TurnCredentials issuer;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = InstalledCoturn.start(root, run);
        port = coturn.port();
        issuer = new TurnCredentials(coturn.secret(), Duration.ofMinutes(10), Clock.systemUTC());
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void framesArriveThroughTheRelayWithIssuedCredentials() throws Exception {
        PaintedScreen screen = new PaintedScreen(640, 360);
        screen.paint(255, 0, 0);
        try (DesktopStream stream = agent(new StreamLimits(30, 4000), screen);
                ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null, relayOnly(issuer.issue("alice")))) {
            peer.connected().get(20, TimeUnit.SECONDS);
            DesktopStreamTest.awaitColour(peer, 255, 0, 0);
            screen.paint(0, 0, 255);
            DesktopStreamTest.awaitColour(peer, 0, 0, 255);
        }
    }

    @Test
    void aForgedCredentialGetsNoConnection() throws Exception {
        TurnCredential forged = new TurnCredentials(TurnSecret.generate(), Duration.ofMinutes(10), Clock.systemUTC())
                .issue("mallory");
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 255, 0);
        try (DesktopStream stream = agent(new StreamLimits(30, 2000), screen);
                ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null, relayOnly(forged))) {
            assertThrows(TimeoutException.class, () -> peer.connected().get(8, TimeUnit.SECONDS));
        }
    }

    /** The agent's stream, with the ICE servers of its welcome (its own credential) before any viewer comes. */
    private static DesktopStream agent(StreamLimits limits, PaintedScreen screen) {
        DesktopStream stream = new DesktopStream(screen, RelayedStreamTest::noInput, limits, line -> { });
        stream.iceServers(IceServerList.fromWelcome(welcomeServers(issuer.issue("ml-alice-20260101000000-abcdef"))));
        return stream;
    }

    /** The viewer's configuration as the web client builds it, with relay-only ICE. */
    private static RTCConfiguration relayOnly(TurnCredential credential) {
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.iceServers = IceServerList.fromWelcome(welcomeServers(credential));
        configuration.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return configuration;
    }

    /** {@code iceServers} as the hub's welcome carries them with TURN on. */
    private static JsonNode welcomeServers(TurnCredential credential) {
        ArrayNode servers = JsonNodeFactory.instance.arrayNode();
        ObjectNode turn = servers.addObject();
        turn.putArray("urls").add("turn:127.0.0.1:" + port + "?transport=udp");
        turn.put("username", credential.username()).put("credential", credential.password());
        return servers;
    }

    private static InputRoute noInput(String peer) {
        return new InputRoute(json -> { }, () -> { });
    }
}
