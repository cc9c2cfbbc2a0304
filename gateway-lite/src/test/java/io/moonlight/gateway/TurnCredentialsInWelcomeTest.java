package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.testing.HeadlessChromium;
import io.moonlight.core.testing.MutableClock;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.turn.InstalledCoturn;
import io.moonlight.core.turn.TurnAllocation;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnProbe;
import io.moonlight.core.turn.TurnRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With turn.enabled, every welcome carries the TURN URLs and a credential issued for that
 * connection, which a real coturn (configured by 'install turn' with the same secret) accepts.
 */
@ServiceTest
class TurnCredentialsInWelcomeTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    @TempDir
    static Path root;
    @TempDir
    static Path run;
    private static InstalledCoturn coturn;
    private static LocalGateway gateway;
    private static int port;
    private static String turnSettings;
    private final TurnProbe probe = new TurnProbe(Duration.ofMillis(500));

    @BeforeAll
    static void start() throws Exception {
        coturn = InstalledCoturn.start(root, run);
        port = coturn.port();
        turnSettings = TurnRoot.yaml(port) + "  host: 127.0.0.1\n  credential_lifetime_seconds: 3600\n"
                + "  secret_file: " + coturn.secretFile() + "\n";
        gateway = LocalGateway.start(run, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n", turnSettings,
                new PrintStream(new ByteArrayOutputStream()), CLOCK);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void browserAndAgentEachGetTheirOwnCredentialThatCoturnAccepts() throws Exception {
        String agentToken = SessionToken.generate();
        Session session = new StoredSessions().add(gateway.store, "alice", agentToken);
        try (SignalingPeer agent = SignalingPeer.agent(gateway.server);
                SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            long expiry = CLOCK.instant().getEpochSecond() + 3600;
            JsonNode agentTurn = turn(agent.hello("agent", session.id(), agentToken));
            JsonNode browserTurn = turn(browser.hello("browser", session.id(), Tokens.hs256("alice", "HPC-Users")));
            assertEquals(List.of("turn:127.0.0.1:" + port + "?transport=udp", "turn:127.0.0.1:" + port
                    + "?transport=tcp"), urls(browserTurn));
            assertEquals(expiry + ":alice", browserTurn.get("username").asText());
            assertEquals(expiry + ":" + session.id(), agentTurn.get("username").asText());
            assertAllocates(browserTurn);
            assertAllocates(agentTurn);
        }
    }

    @Test
    void aReconnectGetsAFreshCredential() throws Exception {
        Session session = new StoredSessions().add(gateway.store, "bob");
        String jwt = Tokens.hs256("bob", "HPC-Users");
        JsonNode first;
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            first = turn(browser.hello("browser", session.id(), jwt));
        }
        CLOCK.advance(Duration.ofMinutes(30));
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            JsonNode second = turn(browser.hello("browser", session.id(), jwt));
            assertEquals(Long.parseLong(first.get("username").asText().split(":")[0]) + 1800,
                    Long.parseLong(second.get("username").asText().split(":")[0]));
            assertNotEquals(first.get("credential").asText(), second.get("credential").asText());
            assertAllocates(second);
        }
    }

    @Test
    void aPeerConnectedForHalfTheLifetimeGetsFreshServersBeforeItsCredentialExpires() throws Exception {
        Session session = new StoredSessions().add(gateway.store, "dave");
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            JsonNode welcomed = turn(browser.hello("browser", session.id(), Tokens.hs256("dave", "HPC-Users")));
            // Kept alive the way a page does, a ping every 20-30 s (the hub closes a connection silent for
            // 60 s; a whole minute at once would race its sweep against the ping).
            for (int step = 0; step < 59; step++) {
                CLOCK.advance(Duration.ofSeconds(30));
                browser.send("{\"type\":\"ping\"}").next("pong");
            }
            CLOCK.advance(Duration.ofSeconds(29));
            browser.send("{\"type\":\"ping\"}").next("pong");
            browser.nothingMore();
            CLOCK.advance(Duration.ofSeconds(1));
            JsonNode renewed = turn(browser.next("ice-servers"));
            assertEquals(Long.parseLong(welcomed.get("username").asText().split(":")[0]) + 1800,
                    Long.parseLong(renewed.get("username").asText().split(":")[0]), "renewed at half of the 3600 s");
            assertEquals(urls(welcomed), urls(renewed));
            assertAllocates(renewed);
            browser.send("{\"type\":\"ping\"}").next("pong");
        }
    }

    @Test
    void chromiumTakesTheWelcomesIceServersAsTheyAreAndGetsARelayOnlyWithAValidCredential() throws Exception {
        Session session = new StoredSessions().add(gateway.store, "carol");
        JsonNode servers;
        try (SignalingPeer browser = SignalingPeer.browser(gateway.server)) {
            servers = browser.hello("browser", session.id(), Tokens.hs256("carol", "HPC-Users")).get("iceServers");
        }
        ObjectNode forged = ((ObjectNode) servers.get(0).deepCopy()).put("credential", "Zm9yZ2VkIGNyZWRlbnRpYWw=");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver.get("about:blank");
            List<String> relayed = relayCandidates(chromium, servers.toString());
            assertTrue(relayed.stream().anyMatch(c -> c.contains(" 127.0.0.1 ") && c.contains(" typ relay")),
                    relayed + "\n" + chromium.console() + "\n" + coturn.coturn().log());
            assertEquals(List.of(), relayCandidates(chromium, "[" + forged + "]"), "a forged credential gets no relay");
        }
    }

    @Test
    void withoutItsSecretTheGatewayDoesNotStartAndSaysWhy(@TempDir Path other) {
        MoonlightException e = assertThrows(MoonlightException.class, () ->
                LocalGateway.start(other, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n", TurnRoot.yaml(port)
                        + "  secret_file: " + other.resolve("none") + "\n", new PrintStream(new ByteArrayOutputStream()),
                        CLOCK));
        assertEquals("turn.secret_file " + other.resolve("none") + " does not exist", e.getMessage());
    }

    /** The candidates a relay-only RTCPeerConnection in the page gathers with these ICE servers (JSON). */
    @SuppressWarnings("unchecked")
    private static List<String> relayCandidates(HeadlessChromium chromium, String iceServers) {
        return (List<String>) chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const pc = new RTCPeerConnection({iceServers: JSON.parse(arguments[0]), iceTransportPolicy: 'relay'});
                const found = [];
                const finish = () => { pc.close(); done(found); };
                pc.onicecandidate = e => e.candidate ? found.push(e.candidate.candidate) : finish();
                pc.createDataChannel('input');
                pc.createOffer().then(offer => pc.setLocalDescription(offer));
                setTimeout(finish, 15000);
                """, iceServers);
    }

    private static JsonNode turn(JsonNode welcome) {
        JsonNode servers = welcome.get("iceServers");
        assertEquals(1, servers.size(), servers.toString());
        return servers.get(0);
    }

    private static List<String> urls(JsonNode server) {
        return StreamSupport.stream(server.get("urls").spliterator(), false).map(JsonNode::asText)
                .toList();
    }

    private void assertAllocates(JsonNode server) throws Exception {
        TurnAllocation allocation = probe.allocate(new InetSocketAddress("127.0.0.1", port), new TurnCredential(
                server.get("username").asText(), server.get("credential").asText(), Instant.EPOCH));
        assertTrue(allocation.succeeded(), allocation.problem() + "\n" + coturn.coturn().log());
    }
}
