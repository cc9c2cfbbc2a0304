package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one Redis behind the portal's nginx ({@link StreamingSite} with two gateways): the
 * session's agent on the first, headless Chromium through nginx on the second. The picture arrives;
 * when the browser's gateway stops, the page reconnects through nginx to the other one and the
 * picture arrives again, while the agent stays where it is.
 */
class SeveralGatewaysStreamingIT {
    private static StreamingSite site;
    private static StreamingSite.Session session;

    @BeforeAll
    static void start() throws Exception {
        site = StreamingSite.start("""
                xsetroot -solid '#204080'
                exec sleep 3600
                """, 2);
        session = site.startSession("640x480", 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void aBrowserOnOneGatewayWatchesTheAgentOnAnotherAndSurvivesItsGatewayStopping() throws Exception {
        Await.until("the agent on the first gateway", WAIT, () -> site.joined(0, "agent", session));
        site.openViewer(session, 640, 480);
        site.awaitColour(0.5, 0.5, 0x20, 0x40, 0x80);
        assertTrue(site.joined(1, "browser of " + StreamingSite.USER, session), site.gatewayLog(1));
        assertFalse(site.joined(0, "browser of " + StreamingSite.USER, session), "the browser is on the other gateway: "
                + site.gatewayLog(0));
        assertTrue(site.gatewayLog(1).contains("joined the bus on Redis"), site.gatewayLog(1));

        site.stopGateway(1);

        Await.until("the browser on the first gateway", WAIT,
                () -> site.joined(0, "browser of " + StreamingSite.USER, session));
        session.paintRoot("#c03020");
        site.awaitColour(0.5, 0.5, 0xc0, 0x30, 0x20);
        assertTrue(site.metric("moonlight_signaling_bus_messages_total{direction=\"received\"}") > 0);
        assertFalse(session.agentLog().matches("(?s).*signaling: connected.*signaling: connected.*"),
                "the agent kept its connection: " + session.agentLog());
    }
}
