package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.core.config.IceServerConfig;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnCredentials;
import io.moonlight.core.turn.TurnSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ICE servers a peer gets in its {@code welcome}, as WebRTC's {@code RTCIceServer} list: the
 * configured STUN servers ({@code gateway.ice_servers}), then with {@code turn.enabled} the TURN
 * URLs with a credential issued for this connection (docs/turn.md): named after the user for a
 * browser, after the session for an agent. A reconnect gets a fresh one, and so does a peer still
 * connected at half the credential's lifetime ({@link #renewEvery}).
 */
public final class IceServers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final List<IceServerConfig> stun;
    private final List<String> turnUrls;
    private final Optional<TurnCredentials> credentials;

    public IceServers(List<IceServerConfig> stun, List<String> turnUrls, Optional<TurnCredentials> credentials) {
        this.stun = List.copyOf(stun);
        this.turnUrls = List.copyOf(turnUrls);
        this.credentials = credentials;
    }

    /** The configuration's servers; with TURN on, the secret is read now (a one-line error when it cannot be). */
    public static IceServers of(MoonlightConfig config, Clock clock) {
        TurnConfig turn = config.turn();
        return new IceServers(config.gateway().iceServers(), turn.urls(), turn.enabled()
                ? Optional.of(new TurnCredentials(TurnSecret.read(turn.secretFile()), turn.credentialLifetime(), clock))
                : Optional.empty());
    }

    /**
     * How often a connected peer gets fresh servers ({@code ice-servers}): at half a credential's
     * lifetime, so that a peer connection made late in a long signaling connection (a reconnect after
     * a network change) never uses an expired one. Empty without TURN: STUN servers need no renewal.
     */
    Optional<Duration> renewEvery() {
        return credentials.map(issuer -> issuer.lifetime().dividedBy(2));
    }

    ArrayNode forPeer(Admitted admitted) {
        ArrayNode list = JSON.arrayNode();
        for (IceServerConfig server : stun) {
            server.urls().forEach(list.addObject().putArray("urls")::add);
        }
        credentials.ifPresent(issuer -> {
            TurnCredential credential = issuer.issue(admitted.role() == Role.BROWSER ? admitted.who()
                    : admitted.session().id());
            ObjectNode entry = list.addObject();
            turnUrls.forEach(entry.putArray("urls")::add);
            entry.put("username", credential.username()).put("credential", credential.password());
        });
        return list;
    }
}
