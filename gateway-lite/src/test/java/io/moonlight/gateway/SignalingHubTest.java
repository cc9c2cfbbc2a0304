package io.moonlight.gateway;

import static io.moonlight.gateway.SignalingPeer.JSON;
import static io.moonlight.gateway.SignalingPeer.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signaling hub of a real gateway on 127.0.0.1 (SQLite store, HS256 tokens), driven by real
 * WebSocket clients as a browser tab and a session's agent would: who gets in, what is relayed,
 * limits, takeovers and the gateway's stop. The gateway's clock stands still until a test moves
 * it, so timeouts and rate limits are exact.
 */
class SignalingHubTest {
    private static final String ICE = "  ice_servers:\n"
            + "    - urls: [\"stun:stun.example.org:3478\"]\n";
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    @TempDir
    static Path dir;
    private static LocalGateway gateway;
    private static String agentToken;
    private static Session alices;
    private static Session bobs;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dir, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n" + ICE,
                new PrintStream(LOG, true, StandardCharsets.UTF_8), CLOCK);
        agentToken = SessionToken.generate();
        alices = new StoredSessions().add(gateway.store, "alice", agentToken);
        bobs = new StoredSessions().add(gateway.store, "bob");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void browserAndAgentMeetAndEachGetsTheOthersMessagesMarkedWithTheSender() throws Exception {
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            JsonNode agentWelcome = agent.hello("agent", alices.id(), agentToken);
            assertEquals("agent", agentWelcome.get("role").asText());
            assertEquals(alices.id(), agentWelcome.get("session").asText());
            assertEquals(1, agentWelcome.get("version").asInt());
            assertTrue(agentWelcome.get("browser").isNull(), agentWelcome.toString());
            String agentPeer = agentWelcome.get("peer").asText();

            JsonNode browserWelcome = browser.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users"));
            assertTrue(browserWelcome.get("agent").asBoolean(), browserWelcome.toString());
            String browserPeer = browserWelcome.get("peer").asText();
            assertTrue(browserPeer.matches("p-[0-9a-f]{16}") && !browserPeer.equals(agentPeer), browserPeer);
            assertEquals(browserPeer, agent.next("peer-joined").get("peer").asText());

            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 offer\",\"extra\":\"not relayed\"}");
            assertEquals(JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0 offer\",\"from\":\"" + browserPeer + "\"}"),
                    agent.next());
            agent.send("{\"type\":\"answer\",\"to\":\"" + browserPeer + "\",\"sdp\":\"v=0 answer\"}");
            assertEquals(JSON.readTree("{\"type\":\"answer\",\"sdp\":\"v=0 answer\",\"from\":\"" + agentPeer + "\"}"),
                    browser.next());
            browser.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}");
            assertEquals(JSON.readTree("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ "
                    + "host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"from\":\"" + browserPeer + "\"}"), agent.next());
            agent.send("{\"type\":\"candidate\",\"to\":\"" + browserPeer + "\",\"candidate\":null}");
            assertEquals(JSON.readTree("{\"type\":\"candidate\",\"candidate\":null,\"sdpMid\":null,\"sdpMLineIndex\":null,"
                    + "\"from\":\"" + agentPeer + "\"}"), browser.next());
            browser.send("{\"type\":\"ping\"}").next("pong");
            agent.send("{\"type\":\"bye\",\"to\":\"" + browserPeer + "\",\"reason\":\"agent restarting\"}");
            assertEquals(JSON.readTree("{\"type\":\"bye\",\"reason\":\"agent restarting\",\"from\":\"" + agentPeer + "\"}"),
                    browser.next());
            assertEquals(1, metric("moonlight_signaling_connections{role=\"browser\"}"));
            assertEquals(1, metric("moonlight_signaling_connections{role=\"agent\"}"));

            browser.close();
            assertEquals(browserPeer, agent.next("peer-left").get("peer").asText());
            agent.send("{\"type\":\"answer\",\"to\":\"" + browserPeer + "\",\"sdp\":\"v=0 late\"}");
            JsonNode late = agent.next("error");
            assertEquals("no-peer", late.get("code").asText(), late.toString());
            assertEquals(0, metric("moonlight_signaling_connections{role=\"browser\"}"));
        }
    }

    @Test
    void theApiPortAnswersTheSameHubForAGatewayReachedWithoutNginx() throws Exception {
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer browser = SignalingPeer.browserOnApiPort(gateway.server)) {
            agent.hello("agent", alices.id(), agentToken);
            String browserPeer = browser.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users")).get("peer")
                    .asText();
            assertEquals(browserPeer, agent.next("peer-joined").get("peer").asText());
            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}");
            assertEquals("v=0 offer", agent.next("offer").get("sdp").asText());
        }
        assertEquals(403, SignalingPeer.refusedUpgrade(gateway.server.port(), "", "https://elsewhere.example"),
                "the API port checks the Origin too");
    }

    @Test
    void welcomeHandsBothPeersTheConfiguredStunServersAndNoTurnWhenItIsOff() throws Exception {
        JsonNode expected = JSON.readTree("[{\"urls\":[\"stun:stun.example.org:3478\"]}]");
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            assertEquals(expected, agent.hello("agent", alices.id(), agentToken).get("iceServers"));
            assertEquals(expected, browser.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users")).get("iceServers"));
        }
    }

    @Test
    void aTokenInTheUrlIsRefusedAndNoTokenEverReachesTheLog() throws Exception {
        String jwt = Tokens.hs256("alice", "HPC-Users");
        assertEquals(400, SignalingPeer.refusedUpgrade(gateway.server, "?token=" + jwt, SignalingPeer.PORTAL));
        assertEquals(400, SignalingPeer.refusedUpgrade(gateway.server, "?session=" + alices.id(), null));
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer browser = SignalingPeer.browser(gateway.server);
                SignalingPeer wrong = SignalingPeer.browser(gateway.server)) {
            agent.hello("agent", alices.id(), agentToken);
            browser.hello("browser", alices.id(), jwt);
            wrong.send(hello("browser", alices.id()).put("token", jwt + "x"));
            assertEquals(4401, wrong.closeCode());
        }
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /moonlight/signaling 400"), log);
        assertTrue(log.contains("signaling: browser of alice p-"), log);
        assertFalse(log.contains(jwt.split("\\.")[1]), "the JWT's payload is in the log:\n" + log);
        assertFalse(log.contains(jwt.split("\\.")[2]), "the JWT's signature is in the log:\n" + log);
        assertFalse(log.contains(agentToken), "the session token is in the log:\n" + log);
    }

    @Test
    void aBrowserReachesOnlyItsUsersSessionsAndAnAdminNoneButItsOwn() throws Exception {
        assertEquals(4403, refusedHello(SignalingPeer.browser(gateway.server), "browser", alices.id(),
                Tokens.hs256("bob", "HPC-Users")));
        assertEquals(4403, refusedHello(SignalingPeer.browser(gateway.server), "browser", bobs.id(),
                Tokens.hs256("root", "HPC-Admins")));
        assertEquals(4403, refusedHello(SignalingPeer.browser(gateway.server), "browser", alices.id(),
                Tokens.hs256("alice", "Students")), "a user in none of the allowed groups");
        assertEquals(4401, refusedHello(SignalingPeer.browser(gateway.server), "browser", alices.id(),
                Tokens.unsigned("alice", "HPC-Users")));
        assertEquals(4404, refusedHello(SignalingPeer.browser(gateway.server), "browser",
                "ml-alice-20250101120000-aaaaaa", Tokens.hs256("alice", "HPC-Users")));
        assertEquals(4401, refusedHello(SignalingPeer.agent(gateway.server), "agent", bobs.id(), agentToken),
                "another session's token");
        assertEquals(4401, refusedHello(SignalingPeer.agent(gateway.server), "agent", alices.id(), "not-the-token"));
    }

    @Test
    void adminsJoinOtherUsersSessionsOnlyWhenTheKeySaysSo(@TempDir Path other) throws Exception {
        try (LocalGateway admins = LocalGateway.start(other, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "  admins_join_sessions: true\n", new PrintStream(new ByteArrayOutputStream()), CLOCK);
                SignalingPeer browser = SignalingPeer.browser(admins.server)) {
            Session carols = new StoredSessions().add(admins.store, "carol");
            assertEquals(carols.id(), browser.hello("browser", carols.id(), Tokens.hs256("root", "HPC-Admins"))
                    .get("session").asText());
            assertEquals(4403, refusedHello(SignalingPeer.browser(admins.server), "browser", carols.id(),
                    Tokens.hs256("dave", "HPC-Users")), "the key opens sessions to admins only");
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgradeAndRolesMatchWhereTheyComeFrom() throws Exception {
        assertEquals(403, SignalingPeer.refusedUpgrade(gateway.server, "", "https://evil.example.org"));
        assertEquals(403, SignalingPeer.refusedUpgrade(gateway.server, "", "null"));
        assertEquals(403, SignalingPeer.refusedUpgrade(gateway.server, "", "http://localhost"));
        assertEquals(4403, refusedHello(SignalingPeer.agent(gateway.server), "browser", alices.id(),
                Tokens.hs256("alice", "HPC-Users")), "a browser without an Origin");
        assertEquals(4403, refusedHello(SignalingPeer.browser(gateway.server), "agent", alices.id(), agentToken),
                "an agent from a web page");
    }

    @Test
    void aSessionThatIsNotLiveCannotBeJoined() throws Exception {
        String token = SessionToken.generate();
        Session ended = new StoredSessions().add(gateway.store, "erin", token);
        gateway.store.transition(ended.id(), SessionState.PENDING, SessionState.ENDED, "test");
        assertEquals(4404, refusedHello(SignalingPeer.agent(gateway.server), "agent", ended.id(), token));
        assertEquals(4404, refusedHello(SignalingPeer.browser(gateway.server), "browser", ended.id(),
                Tokens.hs256("erin", "HPC-Users")));
    }

    @Test
    void theFirstMessageMustBeAValidHelloWithinFiveSeconds() throws Exception {
        try (SignalingPeer silent = SignalingPeer.agent(gateway.server);
                SignalingPeer late = SignalingPeer.agent(gateway.server)) {
            assertEquals(4400, refusedHello(SignalingPeer.agent(gateway.server), "agent", alices.id(), ""));
            try (SignalingPeer wrong = SignalingPeer.agent(gateway.server)) {
                wrong.send("{\"type\":\"offer\",\"sdp\":\"x\"}");
                assertEquals(4400, wrong.closeCode());
            }
            try (SignalingPeer future = SignalingPeer.agent(gateway.server)) {
                future.send(hello("agent", alices.id()).put("token", agentToken).put("version", 2));
                assertEquals("4400 this hub speaks signaling version 1 only", future.closeStatus());
            }
            CLOCK.advance(Duration.ofSeconds(4));
            late.hello("agent", alices.id(), agentToken);
            CLOCK.advance(Duration.ofSeconds(1));
            assertEquals("4408 no hello within 5 s", silent.closeStatus());
            late.send("{\"type\":\"ping\"}").next("pong");
            CLOCK.advance(Duration.ofSeconds(59));
            late.send("{\"type\":\"ping\"}").next("pong");
            CLOCK.advance(Duration.ofSeconds(60));
            assertEquals("4408 nothing heard for 60 s", late.closeStatus());
        }
    }

    @Test
    void oversizedMalformedUnknownAndExcessMessagesAreDroppedCountedAndAnsweredThenTheSenderIsClosed()
            throws Exception {
        double size = metric("moonlight_signaling_messages_dropped_total{reason=\"size\"}");
        double malformed = metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}");
        double unknown = metric("moonlight_signaling_messages_dropped_total{reason=\"unknown\"}");
        double rate = metric("moonlight_signaling_messages_dropped_total{reason=\"rate\"}");
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            browser.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users"));
            browser.send("{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(64 * 1024) + "\"}");
            assertEquals("size", browser.next("error").get("code").asText());
            browser.send("{\"type\":\"offer\"");
            assertEquals("malformed", browser.next("error").get("code").asText());
            browser.send("{\"type\":\"offer\",\"sdp\":\"a\",\"sdp\":\"b\"}");
            assertEquals("malformed", browser.next("error").get("code").asText(), "a key given twice");
            browser.send("{\"type\":\"answer\",\"sdp\":\"v=0\"}");
            assertEquals("unknown", browser.next("error").get("code").asText(), "only the agent answers");
            browser.send("{\"type\":\"subscribe\"}");
            JsonNode error = browser.next("error");
            assertEquals("unknown", error.get("code").asText());
            assertEquals("unknown message type 'subscribe'", error.get("message").asText());
            // The hello and 5 dropped messages took 6 of the burst of 100; the clock stands still.
            for (int i = 0; i < 94; i++) {
                browser.send("{\"type\":\"ping\"}");
            }
            for (int i = 0; i < 94; i++) {
                browser.next("pong");
            }
            // 5 faults of the 10 allowed so far: 5 excess messages are answered, the 6th also closes the connection.
            for (int i = 0; i < 6; i++) {
                browser.send("{\"type\":\"ping\"}");
            }
            for (int i = 0; i < 6; i++) {
                assertEquals("rate", browser.next("error").get("code").asText());
            }
            assertEquals("4429 too many dropped messages", browser.closeStatus());
        }
        assertEquals(size + 1, metric("moonlight_signaling_messages_dropped_total{reason=\"size\"}"));
        assertEquals(malformed + 2, metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}"));
        assertEquals(unknown + 2, metric("moonlight_signaling_messages_dropped_total{reason=\"unknown\"}"));
        assertEquals(rate + 6, metric("moonlight_signaling_messages_dropped_total{reason=\"rate\"}"));
    }

    @Test
    void aBinaryFrameIsMalformedAndAMessageFarOverTheLimitClosesTheConnection() throws Exception {
        double size = metric("moonlight_signaling_messages_dropped_total{reason=\"size\"}");
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server)) {
            agent.hello("agent", alices.id(), agentToken);
            agent.sendBinary(new byte[] {1, 2, 3});
            assertEquals("malformed", agent.next("error").get("code").asText());
            agent.sendUntilClosed("{\"type\":\"ping\",\"pad\":\"" + "a".repeat(300 * 1024) + "\"}");
            String end = agent.endStatus();
            assertTrue(end.startsWith("1009 ") || end.startsWith("dropped: "), end);
        }
        // Counted when the hub sees the connection closed, which may come just after the client does.
        Instant deadline = Instant.now().plusSeconds(5);
        while (metric("moonlight_signaling_messages_dropped_total{reason=\"size\"}") < size + 1
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertEquals(size + 1, metric("moonlight_signaling_messages_dropped_total{reason=\"size\"}"));
    }

    @Test
    void aSecondTabTakesTheSessionOverAndTheFirstIsToldWhy() throws Exception {
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer first = SignalingPeer.browser(gateway.server);
                SignalingPeer second = SignalingPeer.browser(gateway.server)) {
            agent.hello("agent", alices.id(), agentToken);
            String firstPeer = first.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users")).get("peer").asText();
            assertEquals(firstPeer, agent.next("peer-joined").get("peer").asText());
            String secondPeer = second.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users")).get("peer").asText();
            assertEquals("the session was opened in another tab", first.next("replaced").get("reason").asText());
            assertEquals(4409, first.closeCode());
            assertEquals(firstPeer, agent.next("peer-left").get("peer").asText());
            assertEquals(secondPeer, agent.next("peer-joined").get("peer").asText());
            second.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            assertEquals(secondPeer, agent.next("offer").get("from").asText());
            agent.nothingMore();
        }
    }

    @Test
    void theBrowserSeesTheAgentLeaveAndComeBackAndANewAgentReplacesTheOld() throws Exception {
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            assertFalse(browser.hello("browser", alices.id(), Tokens.hs256("alice", "HPC-Users")).get("agent").asBoolean());
            String browserPeer;
            try (SignalingPeer agent = SignalingPeer.agent(gateway.server)) {
                browserPeer = agent.hello("agent", alices.id(), agentToken).get("browser").asText();
                browser.next("agent-joined");
            }
            browser.next("agent-left");
            try (SignalingPeer again = SignalingPeer.agent(gateway.server);
                    SignalingPeer restarted = SignalingPeer.agent(gateway.server)) {
                assertEquals(browserPeer, again.hello("agent", alices.id(), agentToken).get("browser").asText());
                browser.next("agent-joined");
                restarted.hello("agent", alices.id(), agentToken);
                assertEquals(4409, again.closeCode());
                browser.next("agent-left");
                browser.next("agent-joined");
                browser.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
                restarted.next("offer");
            }
        }
    }

    @Test
    void anAgentsInputDropCountsAddTheirIncreasesToTheMetrics() throws Exception {
        double malformed = metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}");
        double rate = metric("moonlight_input_messages_dropped_total{reason=\"rate\"}");
        double size = metric("moonlight_input_messages_dropped_total{reason=\"size\"}");
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server)) {
            agent.hello("agent", alices.id(), agentToken);
            agent.send("{\"type\":\"input-dropped\",\"counts\":{\"malformed\":3,\"rate\":2}}");
            agent.send("{\"type\":\"input-dropped\",\"counts\":{\"malformed\":5,\"rate\":2,\"size\":1}}");
            agent.send("{\"type\":\"input-dropped\",\"counts\":{\"evil\\\"label\":1}}");
            assertEquals("malformed", agent.next("error").get("code").asText());
        }
        assertEquals(malformed + 5, metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}"));
        assertEquals(rate + 2, metric("moonlight_input_messages_dropped_total{reason=\"rate\"}"));
        assertEquals(size + 1, metric("moonlight_input_messages_dropped_total{reason=\"size\"}"));
    }

    @Test
    void aStoppingGatewayClosesEveryConnectionWith1012(@TempDir Path other) throws Exception {
        LocalGateway stopping = LocalGateway.start(other, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n",
                new PrintStream(new ByteArrayOutputStream()), CLOCK);
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(stopping.store, "alice", token);
        try (SignalingPeer agent = SignalingPeer.agent(stopping.server);
                SignalingPeer browser = SignalingPeer.browser(stopping.server);
                SignalingPeer waiting = SignalingPeer.agent(stopping.server)) {
            agent.hello("agent", session.id(), token);
            browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users"));
            stopping.close();
            assertEquals("1012 the gateway is restarting: reconnect", browser.closeStatus());
            assertEquals(1012, agent.closeCode());
            assertEquals(1012, waiting.closeCode(), "a connection still without a hello");
        }
    }

    /** The close code the hub answers this hello with (the peer is closed after). */
    private static int refusedHello(SignalingPeer peer, String role, String session, String token) throws Exception {
        try (peer) {
            peer.send(hello(role, session).put("token", token));
            return peer.closeCode();
        }
    }

    private static double metric(String series) throws Exception {
        String body = gateway.api.get("/metrics", null).body();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertTrue(value.find(), series + " is not in /metrics:\n" + body);
        return Double.parseDouble(value.group(1));
    }
}
