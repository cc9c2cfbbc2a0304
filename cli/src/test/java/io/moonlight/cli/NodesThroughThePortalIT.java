package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.testing.Await;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one Redis behind the portal's nginx, and the nodes pointed at the portal as a site
 * with several gateways sets them ({@code supervisor.gateway_url}: the supervisor's calls and the
 * agent's signaling go through nginx like the browser's). When the agent's gateway stops, the agent
 * reconnects through nginx to the other, the page follows, and the picture arrives again.
 */
class NodesThroughThePortalIT {
    private static StreamingSite site;
    private static StreamingSite.Session session;

    @BeforeAll
    static void start() throws Exception {
        site = StreamingSite.start("""
                xsetroot -solid '#204080'
                exec sleep 3600
                """, 2, "xvfb", true);
        session = site.startSession("640x480", 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void whenTheAgentsGatewayStopsTheAgentMovesToTheOtherAndThePictureComesBack() throws Exception {
        Await.until("the agent at a gateway through nginx", WAIT,
                () -> site.joined(0, "agent", session) || site.joined(1, "agent", session));
        int agents = site.joined(0, "agent", session) ? 0 : 1;
        String portalSignaling = site.origin().replace("https://", "wss://") + "/moonlight/signaling";
        assertTrue(session.agent().info().arguments().map(List::of).orElseThrow().contains(portalSignaling),
                "the agent signals through the portal: " + session.agent().info().commandLine());
        site.openViewer(session, 640, 480);
        site.awaitColour(0.5, 0.5, 0x20, 0x40, 0x80);

        site.stopGateway(agents);

        Await.until("the agent on the other gateway", WAIT, () -> site.joined(1 - agents, "agent", session));
        Await.until("the browser on the other gateway", WAIT,
                () -> site.joined(1 - agents, "browser of " + StreamingSite.USER, session));
        session.paintRoot("#c03020");
        site.awaitColour(0.5, 0.5, 0xc0, 0x30, 0x20);
    }
}
