package io.moonlight.gateway;

import static io.moonlight.gateway.SignalingPeer.JSON;
import static io.moonlight.gateway.SignalingPeer.shareHello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateways on one real redis-server, each with its own signaling hub, driven by real WebSocket
 * clients: a browser on one gateway and the agent on another meet as on one gateway, the rules of
 * a room hold across them, and a gateway that stops, cleanly or not, takes its peers out of the
 * others' rooms.
 */
@ServiceTest
class SeveralGatewaysSignalingTest {
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static SessionStore store;
    private static Started a;
    private static Started b;

    /** A gateway with its log. */
    record Started(GatewayServer server, ByteArrayOutputStream log) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }

        String logText() {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(dir);
        store = StoreFactory.open(config("gw-store", redis.port()).store(), config("gw-store", redis.port()).sunshine(),
                Clock.systemUTC());
        a = gateway("gw-a", redis.port());
        b = gateway("gw-b", redis.port());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        store.close();
        redis.close();
    }

    @Test
    void aBrowserOnOneGatewayAndTheAgentOnAnotherExchangeMessagesMarkedWithTheSender() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "alice", token);
        try (SignalingPeer agent = SignalingPeer.agent(b.server);
                SignalingPeer browser = SignalingPeer.browser(a.server)) {
            String agentPeer = agent.hello("agent", session.id(), token).get("peer").asText();
            JsonNode welcome = browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users"));
            assertTrue(welcome.get("agent").asBoolean(), "the agent on the other gateway counts: " + welcome);
            String browserPeer = welcome.get("peer").asText();
            assertEquals(browserPeer, agent.next("peer-joined").get("peer").asText());

            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}");
            assertEquals(JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0 offer\",\"from\":\"" + browserPeer + "\"}"),
                    agent.next());
            agent.send("{\"type\":\"answer\",\"to\":\"" + browserPeer + "\",\"sdp\":\"v=0 answer\"}");
            assertEquals(JSON.readTree("{\"type\":\"answer\",\"sdp\":\"v=0 answer\",\"from\":\"" + agentPeer + "\"}"),
                    browser.next());
            agent.send("{\"type\":\"candidate\",\"to\":\"" + browserPeer + "\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
            assertEquals(JSON.readTree("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ "
                    + "host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"from\":\"" + agentPeer + "\"}"), browser.next());

            browser.close();
            assertEquals(browserPeer, agent.next("peer-left").get("peer").asText());
            agent.send("{\"type\":\"answer\",\"to\":\"" + browserPeer + "\",\"sdp\":\"v=0 late\"}");
            assertEquals("no-peer", agent.next("error").get("code").asText());
        }
        assertTrue(a.logText().contains("signaling: gateway gw-a joined the bus on Redis 127.0.0.1:" + redis.port()),
                a.logText());
        String metrics = new Api(a.server.port()).get("/metrics", null).body();
        assertTrue(metrics.matches("(?s).*moonlight_signaling_bus_messages_total\\{direction=\"received\"} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*moonlight_signaling_bus_messages_total\\{direction=\"sent\"} [1-9].*"), metrics);
    }

    @Test
    void aSecondAgentOrOwnersBrowserOnAnotherGatewayReplacesTheFirst() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "alice", token);
        String jwt = Tokens.hs256("alice", "HPC-Users");
        try (SignalingPeer first = SignalingPeer.agent(a.server);
                SignalingPeer browser = SignalingPeer.browser(a.server);
                SignalingPeer second = SignalingPeer.agent(b.server);
                SignalingPeer otherTab = SignalingPeer.browser(b.server)) {
            first.hello("agent", session.id(), token);
            String browserPeer = browser.hello("browser", session.id(), jwt).get("peer").asText();
            first.next("peer-joined");

            assertEquals(browserPeer, second.hello("agent", session.id(), token).get("browser").asText());
            assertEquals(4409, first.closeCode());
            browser.next("agent-left");
            browser.next("agent-joined");
            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 again\"}");
            assertEquals("v=0 again", second.next("offer").get("sdp").asText());

            String otherPeer = otherTab.hello("browser", session.id(), jwt).get("peer").asText();
            browser.next("replaced");
            assertEquals(4409, browser.closeCode());
            assertEquals(browserPeer, second.next("peer-left").get("peer").asText());
            assertEquals(otherPeer, second.next("peer-joined").get("peer").asText());
            second.nothingMore();
        }
    }

    @Test
    void viewersOnEitherGatewayAreCountedListedToTheOwnerMarkedForTheAgentAndCutOffByARevoke() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "erin", token);
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "job running");
        store.transition(session.id(), SessionState.STARTING, SessionState.READY, "desktop up");
        Share share = Share.create(Instant.now(), Duration.ofHours(2), 2);
        store.share(session.id(), Optional.of(share));
        try (SignalingPeer agent = SignalingPeer.agent(b.server);
                SignalingPeer owner = SignalingPeer.browser(a.server);
                SignalingPeer dave = SignalingPeer.browser(b.server);
                SignalingPeer frank = SignalingPeer.browser(a.server);
                SignalingPeer gina = SignalingPeer.browser(b.server)) {
            agent.hello("agent", session.id(), token);
            owner.hello("browser", session.id(), Tokens.hs256("erin", "HPC-Users"));
            agent.next("peer-joined");
            String davePeer = dave.send(shareHello(session, "dave", share.id())).next("welcome").get("peer").asText();
            assertEquals(davePeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("dave"), watchers(owner.next("watchers")));
            String frankPeer = frank.send(shareHello(session, "frank", share.id())).next("welcome").get("peer").asText();
            assertEquals(frankPeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("dave", "frank"), watchers(owner.next("watchers")));
            gina.send(shareHello(session, "gina", share.id()));
            assertEquals(4403, gina.closeCode(), "two viewers on two gateways use up a share for two");

            frank.send("{\"type\":\"offer\",\"sdp\":\"v=0 viewer\"}");
            JsonNode offer = agent.next("offer");
            assertEquals(frankPeer, offer.get("from").asText());
            assertEquals("viewer", offer.get("role").asText(), "the agent refuses a viewer's input by this mark");

            store.share(session.id(), Optional.empty());
            assertEquals(4410, dave.closeCode());
            assertEquals(4410, frank.closeCode());
            owner.next("watchers");
            assertEquals(List.of(), watchers(owner.next("watchers")));
            assertEquals(Set.of(davePeer, frankPeer), Set.of(agent.next("peer-left").get("peer").asText(),
                    agent.next("peer-left").get("peer").asText()));
        }
    }

    @Test
    void aGatewayThatStopsTakesItsPeersOutOfTheOthersRooms() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "alice", token);
        try (Started c = gateway("gw-c", redis.port());
                SignalingPeer agent = SignalingPeer.agent(a.server);
                SignalingPeer browser = SignalingPeer.browser(c.server)) {
            agent.hello("agent", session.id(), token);
            String browserPeer = browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users")).get("peer")
                    .asText();
            agent.next("peer-joined");
            c.close();
            assertEquals(1012, browser.closeCode());
            assertEquals(browserPeer, agent.next("peer-left").get("peer").asText());
        }
    }

    @Test
    void theAgentOfAGatewayThatDiesWithoutCleaningUpStopsCountingWhenItsPresenceExpires() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "alice", token);
        try (TcpRelay link = TcpRelay.to(redis.port());
                Started dying = gateway("gw-dying", link.port());
                SignalingPeer agent = SignalingPeer.agent(dying.server);
                SignalingPeer browser = SignalingPeer.browser(a.server)) {
            String agentPeer = agent.hello("agent", session.id(), token).get("peer").asText();
            assertTrue(browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users")).get("agent").asBoolean());
            agent.next("peer-joined");

            link.cut();
            // The gateway's alive key lives 10 s after its last refresh; the others look every second.
            browser.next("agent-left", 15);
            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}");
            assertEquals("no-peer", browser.next("error").get("code").asText());
            assertTrue(a.logText().contains("agent " + agentPeer + " on gateway gw-dying is gone from " + session.id()), a.logText());
        }
    }

    @Test
    void aRedisThatRestartsEmptyCostsTheRoomsNothing() throws Exception {
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "alice", token);
        try (SignalingPeer agent = SignalingPeer.agent(b.server);
                SignalingPeer browser = SignalingPeer.browser(a.server)) {
            agent.hello("agent", session.id(), token);
            String browserPeer = browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users")).get("peer")
                    .asText();
            agent.next("peer-joined");

            redis.restart();
            // Longer than a gateway's peers may be missing from Redis: each gateway wrote its own again.
            Thread.sleep(6000);
            browser.nothingMore();
            agent.nothingMore();
            browser.send("{\"type\":\"offer\",\"sdp\":\"v=0 after the restart\"}");
            JsonNode offer = agent.next("offer");
            assertEquals(browserPeer, offer.get("from").asText());
        }
        assertTrue(a.logText().contains("signaling: gateway gw-a joined the bus again"), a.logText());
    }

    private static List<String> watchers(JsonNode message) {
        List<String> users = new ArrayList<>();
        message.get("viewers").forEach(viewer -> users.add(viewer.get("user").asText()));
        return users;
    }

    private static Started gateway(String id, int redisPort) {
        MoonlightConfig config = config(id, redisPort);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        return new Started(Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessions.over(config, store), new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC()),
                log);
    }

    private static MoonlightConfig config(String id, int redisPort) {
        return ConfigLoader.parse("test.yaml", "store:\n  type: redis\n  redis:\n    port: " + redisPort
                + "\ngateway:\n  instance_id: " + id + "\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
    }
}
