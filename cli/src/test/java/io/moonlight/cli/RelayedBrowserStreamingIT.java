package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.testing.Coturn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser path through TURN ({@link StreamingSite}, plus coturn on 127.0.0.1 configured by the
 * release's {@code install turn} and a gateway with {@code turn.enabled}): the page's peer
 * connections are made relay-only ({@code iceTransportPolicy: 'relay'}, as if the viz node could not
 * be reached directly), so the picture can only arrive through coturn with the credentials the
 * gateway issued in welcome.
 */
class RelayedBrowserStreamingIT {
    private static StreamingSite site;
    private static StreamingSite.Session session;
    private static Coturn coturn;

    @BeforeAll
    static void start() throws Exception {
        site = StreamingSite.start("""
                xsetroot -solid '#206040'
                exec sleep 86400
                """);
        int port = Coturn.freePort();
        Path turnConf = site.dir.resolve("turnserver.conf");
        Path gatewayConfig = site.dir.resolve("gateway.yaml");
        // The gateway runs as root here; its section is the file's last, so these lines extend it.
        Files.writeString(gatewayConfig, Files.readString(gatewayConfig) + "  service_user: root\n" + """
                turn:
                  enabled: true
                  config_file: %s
                  secret_file: %s
                  host: 127.0.0.1
                  realm: moonlight.test
                  listening_ips: [127.0.0.1]
                  relay_ips: [127.0.0.1]
                  port: %d
                  min_port: 45300
                  max_port: 45399
                """.formatted(turnConf, site.dir.resolve("turn-secret"), port));
        site.ml("install", "turn");
        coturn = Coturn.start(turnConf, port, site.dir);
        site.restartGateway();
        // Every peer connection of the page is relay-only, and kept where the test can read its statistics.
        site.chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.moonlightPeers = [];
                const Native = window.RTCPeerConnection;
                window.RTCPeerConnection = function (configuration, ...rest) {
                    const pc = new Native({...configuration, iceTransportPolicy: 'relay'}, ...rest);
                    window.moonlightPeers.push(pc);
                    return pc;
                };
                window.RTCPeerConnection.prototype = Native.prototype;"""));
        session = site.startSession("1280x720", 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void thePictureArrivesThroughTheRelayAndFollowsTheDisplay() throws Exception {
        site.openViewer(session, 1280, 720);
        site.awaitColour(0.9, 0.9, 0x20, 0x60, 0x40);
        session.paintRoot("#c03020");
        site.awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);

        @SuppressWarnings("unchecked")
        List<String> pair = (List<String>) site.chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const pc = window.moonlightPeers[window.moonlightPeers.length - 1];
                pc.getStats().then(stats => {
                    let selected = null;
                    stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) selected = stats.get(s.selectedCandidatePairId); });
                    const local = stats.get(selected.localCandidateId);
                    done([local.candidateType, local.address]);
                });""");
        assertEquals("relay", pair.get(0), "the page's selected candidate: " + pair);
        assertEquals("127.0.0.1", pair.get(1), pair.toString());
    }
}
