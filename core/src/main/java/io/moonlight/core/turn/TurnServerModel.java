package io.moonlight.core.turn;

import java.util.List;

/**
 * What coturn's configuration file says ({@code templates/coturn/turnserver.conf.ftl}); the
 * certificate and key are null without TLS, {@code allowedPeers} are in coturn's range form.
 */
public record TurnServerModel(String realm, String secret, int port, int tlsPort, String certificate,
        String privateKey, List<String> listeningIps, List<String> relayIps, int minPort, int maxPort,
        List<String> allowedPeers) {
}
