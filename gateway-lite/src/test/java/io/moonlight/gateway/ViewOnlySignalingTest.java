package io.moonlight.gateway;

import static io.moonlight.gateway.SignalingPeer.JSON;
import static io.moonlight.gateway.SignalingPeer.hello;
import static io.moonlight.gateway.SignalingPeer.shareHello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.session.Share;
import io.moonlight.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * View-only browsers on the hub of a real gateway (SQLite store, HS256 tokens) whose admins may
 * watch sessions (gateway.admins_watch_sessions): they join beside the owner's browser without
 * taking it over, what they send reaches the agent marked as a viewer's, and the owner is told who
 * watches whenever that changes.
 */
class ViewOnlySignalingTest {
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    @TempDir
    static Path dir;
    private static LocalGateway gateway;
    private static String agentToken;
    private static Session carols;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dir, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "  admins_watch_sessions: true\n", new PrintStream(LOG, true, StandardCharsets.UTF_8), CLOCK);
        agentToken = SessionToken.generate();
        carols = new StoredSessions().add(gateway.store, "carol", agentToken);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void adminsWatchBesideTheOwnerWhoIsToldWhoWatchesAndTheAgentGetsTheirMessagesMarked() throws Exception {
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer owner = SignalingPeer.browser(gateway.server);
                SignalingPeer root = SignalingPeer.browser(gateway.server);
                SignalingPeer support = SignalingPeer.browser(gateway.server)) {
            agent.hello("agent", carols.id(), agentToken);
            JsonNode ownerWelcome = owner.hello("browser", carols.id(), Tokens.hs256("carol", "HPC-Users"));
            assertFalse(ownerWelcome.get("viewOnly").asBoolean(), ownerWelcome.toString());
            String ownerPeer = ownerWelcome.get("peer").asText();
            assertEquals(ownerPeer, agent.next("peer-joined").get("peer").asText());

            JsonNode rootWelcome = root.hello("browser", carols.id(), Tokens.hs256("root", "HPC-Admins"));
            assertTrue(rootWelcome.get("viewOnly").asBoolean(), rootWelcome.toString());
            assertEquals("carol", rootWelcome.get("owner").asText());
            assertTrue(rootWelcome.get("agent").asBoolean());
            String rootPeer = rootWelcome.get("peer").asText();
            assertEquals(rootPeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("root"), watchers(owner.next("watchers")));

            String supportPeer = support.hello("browser", carols.id(), Tokens.hs256("sam", "HPC-Admins")).get("peer")
                    .asText();
            assertEquals(supportPeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("root", "sam"), watchers(owner.next("watchers")));

            root.send("{\"type\":\"offer\",\"sdp\":\"v=0 root\",\"role\":\"owner\"}");
            assertEquals(JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0 root\",\"from\":\"" + rootPeer
                    + "\",\"role\":\"viewer\"}"), agent.next());
            owner.send("{\"type\":\"offer\",\"sdp\":\"v=0 carol\",\"role\":\"viewer\"}");
            assertEquals(JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0 carol\",\"from\":\"" + ownerPeer + "\"}"),
                    agent.next(), "the owner's messages carry no role, whatever it sends");
            agent.send("{\"type\":\"answer\",\"to\":\"" + rootPeer + "\",\"sdp\":\"v=0 to root\"}");
            assertEquals("v=0 to root", root.next("answer").get("sdp").asText());
            agent.send("{\"type\":\"answer\",\"to\":\"" + ownerPeer + "\",\"sdp\":\"v=0 to carol\"}");
            assertEquals("v=0 to carol", owner.next("answer").get("sdp").asText());
            support.nothingMore();

            root.close();
            assertEquals(rootPeer, agent.next("peer-left").get("peer").asText());
            assertEquals(List.of("sam"), watchers(owner.next("watchers")));
            owner.nothingMore();
        }
        String log = LOG.toString(StandardCharsets.UTF_8);
        String when = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z signaling: view-only browser of root p-[0-9a-f]{16} ";
        assertTrue(log.matches("(?s).*" + when + "joined " + carols.id() + " from .*"), log);
        assertTrue(log.matches("(?s).*" + when + "left " + carols.id() + " .*"), log);
    }

    @Test
    void theOwnersNewTabLearnsWhoWatchesAndAViewerNeverTakesTheOwnerOver() throws Exception {
        try (SignalingPeer first = SignalingPeer.browser(gateway.server);
                SignalingPeer root = SignalingPeer.browser(gateway.server);
                SignalingPeer second = SignalingPeer.browser(gateway.server)) {
            first.hello("browser", carols.id(), Tokens.hs256("carol", "HPC-Users"));
            root.hello("browser", carols.id(), Tokens.hs256("root", "HPC-Admins"));
            assertEquals(List.of("root"), watchers(first.next("watchers")));
            first.send("{\"type\":\"ping\"}").next("pong");

            second.hello("browser", carols.id(), Tokens.hs256("carol", "HPC-Users"));
            first.next("replaced");
            assertEquals(4409, first.closeCode());
            assertEquals(List.of("root"), watchers(second.next("watchers")));
            root.send("{\"type\":\"ping\"}").next("pong");
        }
    }

    @Test
    void usersWhoAreNotAdminsDoNotWatchOthersSessions() throws Exception {
        try (SignalingPeer dave = SignalingPeer.browser(gateway.server)) {
            dave.send(hello("browser", carols.id()).put("token", Tokens.hs256("dave", "HPC-Users")));
            assertEquals(4403, dave.closeCode());
        }
    }

    @Test
    void anyUserWithAValidShareWatchesUpToItsMaximumAndARevokeCutsThemOff() throws Exception {
        String erinsToken = SessionToken.generate();
        Session erins = new StoredSessions().add(gateway.store, "erin", erinsToken);
        gateway.store.transition(erins.id(), SessionState.PENDING, SessionState.STARTING, "job running");
        gateway.store.transition(erins.id(), SessionState.STARTING, SessionState.READY, "desktop up");
        Share share = Share.create(CLOCK.instant(), Duration.ofHours(2), 2);
        gateway.store.share(erins.id(), Optional.of(share));
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer owner = SignalingPeer.browser(gateway.server);
                SignalingPeer dave = SignalingPeer.browser(gateway.server);
                SignalingPeer frank = SignalingPeer.browser(gateway.server);
                SignalingPeer third = SignalingPeer.browser(gateway.server)) {
            agent.hello("agent", erins.id(), erinsToken);
            owner.hello("browser", erins.id(), Tokens.hs256("erin", "HPC-Users"));
            agent.next("peer-joined");
            JsonNode welcome = dave.send(shareHello(erins, "dave", share.id())).next("welcome");
            assertTrue(welcome.get("viewOnly").asBoolean(), welcome.toString());
            String davePeer = welcome.get("peer").asText();
            assertEquals(davePeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("dave"), watchers(owner.next("watchers")));
            String frankPeer = frank.send(shareHello(erins, "frank", share.id())).next("welcome").get("peer").asText();
            assertEquals(frankPeer, agent.next("peer-joined").get("peer").asText());
            assertEquals(List.of("dave", "frank"), watchers(owner.next("watchers")));
            third.send(shareHello(erins, "gina", share.id()));
            assertEquals("4403 the share link of session " + erins.id() + " lets 2 viewers watch at once, and they all do",
                    third.closeStatus());
            owner.nothingMore();

            gateway.store.share(erins.id(), Optional.empty());
            assertEquals("4410 the share link was revoked or replaced", dave.closeStatus());
            assertEquals("4410 the share link was revoked or replaced", frank.closeStatus());
            owner.next("watchers");
            assertEquals(List.of(), watchers(owner.next("watchers")));
            assertEquals(Set.of(davePeer, frankPeer), Set.of(agent.next("peer-left").get("peer").asText(),
                    agent.next("peer-left").get("peer").asText()), "the agent closes each viewer's connection");
            agent.nothingMore();
        }
        assertTrue(LOG.toString(StandardCharsets.UTF_8).contains("signaling: closed the view-only browser of dave p-"));
    }

    @Test
    void aReplacedOrExpiredShareLetsNobodyInAndCutsItsViewersOff() throws Exception {
        Session erins = new StoredSessions().addReady(gateway.store, "erin");
        Share old = Share.create(CLOCK.instant(), Duration.ofMinutes(10), 5);
        gateway.store.share(erins.id(), Optional.of(old));
        try (SignalingPeer dave = SignalingPeer.browser(gateway.server);
                SignalingPeer late = SignalingPeer.browser(gateway.server);
                SignalingPeer bad = SignalingPeer.browser(gateway.server);
                SignalingPeer frank = SignalingPeer.browser(gateway.server)) {
            dave.send(shareHello(erins, "dave", old.id())).next("welcome");
            // Shorter than any share can be made, so that it expires before the connections' idle timeout.
            Share current = new Share("0123456789abcdef0123456789abcdef", CLOCK.instant().plusSeconds(30), 5);
            gateway.store.share(erins.id(), Optional.of(current));
            assertEquals("4410 the share link was revoked or replaced", dave.closeStatus());
            late.send(shareHello(erins, "dave", old.id()));
            assertEquals(4410, late.closeCode());
            bad.send(shareHello(erins, "dave", "not-a-share"));
            assertEquals(4400, bad.closeCode());

            frank.send(shareHello(erins, "frank", current.id())).next("welcome");
            CLOCK.advance(Duration.ofSeconds(31));
            assertEquals("4410 the share link expired", frank.closeStatus());
            try (SignalingPeer later = SignalingPeer.browser(gateway.server)) {
                later.send(shareHello(erins, "frank", current.id()));
                assertEquals(4410, later.closeCode());
            }
        }
    }

    private static List<String> watchers(JsonNode message) {
        JsonNode viewers = message.get("viewers");
        viewers.forEach(v -> assertEquals(CLOCK.instant().toString(), v.get("since").asText(), message.toString()));
        return StreamSupport.stream(viewers.spliterator(), false).map(v -> v.get("user").asText()).toList();
    }
}
