package io.moonlight.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.doctor.CheckResult;
import io.moonlight.core.doctor.TurnCheck;
import io.moonlight.core.testing.Coturn;
import io.moonlight.core.testing.ServiceTest;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real coturn started from the configuration 'install turn' generates: an issued credential gets
 * a relay, an expired or forged one does not.
 */
@ServiceTest
class TurnAllocationTest {
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    @TempDir
    static Path root;
    @TempDir
    static Path run;
    private static InstalledCoturn coturn;
    private static InetSocketAddress server;
    private static String secret;
    private final TurnProbe probe = new TurnProbe(Duration.ofMillis(500));

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = InstalledCoturn.start(root, run);
        secret = coturn.secret();
        server = new InetSocketAddress("127.0.0.1", coturn.port());
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void anIssuedCredentialGetsARelayInTheConfiguredRange() throws Exception {
        TurnAllocation allocation = probe.allocate(server, credentials(secret, Clock.systemUTC()).issue("alice"));
        assertTrue(allocation.succeeded(), allocation.problem() + "\n" + coturn.coturn().log());
        InetSocketAddress relayed = allocation.relayed().orElseThrow();
        assertEquals("127.0.0.1", relayed.getAddress().getHostAddress());
        assertTrue(relayed.getPort() >= TurnRoot.MIN_PORT && relayed.getPort() <= TurnRoot.MAX_PORT, relayed.toString());
    }

    @Test
    void anExpiredCredentialIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(LIFETIME).minusSeconds(60), ZoneOffset.UTC);
        TurnAllocation allocation = probe.allocate(server, credentials(secret, past).issue("alice"));
        assertFalse(allocation.succeeded());
        assertTrue(allocation.problem().contains("refused the allocation: 401"), allocation.problem());
    }

    @Test
    void aForgedCredentialIsRefused() {
        TurnCredential forged = credentials(TurnSecret.generate(), Clock.systemUTC()).issue("alice");
        TurnCredential stretched = new TurnCredential(forged.username().replaceFirst("^\\d+", "9999999999"),
                credentials(secret, Clock.systemUTC()).issue("alice").password(), forged.expires());
        for (TurnCredential credential : new TurnCredential[] {forged, stretched}) {
            TurnAllocation allocation = probe.allocate(server, credential);
            assertFalse(allocation.succeeded(), credential.username());
            assertTrue(allocation.problem().contains("refused the allocation: 401"), allocation.problem());
        }
    }

    @Test
    void doctorAllocatesWithAFreshCredentialAndSaysWhenCoturnDoesNotAnswer() throws Exception {
        String secretFile = "  secret_file: " + coturn.secretFile() + "\n";
        TurnConfig running = ConfigLoader.parse("t", TurnRoot.yaml(server.getPort()) + secretFile).turn();
        CheckResult pass = new TurnCheck(running, probe, Clock.systemUTC()).run().get(0);
        assertEquals(CheckResult.Status.PASS, pass.status(), pass.summary());
        assertTrue(pass.summary().startsWith("coturn at 127.0.0.1:" + server.getPort() + " relayed from /127.0.0.1:"),
                pass.summary());
        int nothing = Coturn.freePort();
        TurnConfig stopped = ConfigLoader.parse("t", TurnRoot.yaml(nothing) + secretFile).turn();
        CheckResult fail = new TurnCheck(stopped, probe, Clock.systemUTC()).run().get(0);
        assertEquals(CheckResult.Status.FAIL, fail.status());
        assertTrue(fail.summary().contains("127.0.0.1:" + nothing), fail.summary());
        assertTrue(fail.hint().contains("systemctl status coturn"), fail.hint());
    }

    private static TurnCredentials credentials(String secret, Clock clock) {
        return new TurnCredentials(secret, LIFETIME, clock);
    }
}
