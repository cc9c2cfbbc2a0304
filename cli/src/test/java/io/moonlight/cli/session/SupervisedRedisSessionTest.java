package io.moonlight.cli.session;

import static io.moonlight.cli.session.SupervisedSessionTest.assertHeartbeats;
import static io.moonlight.cli.session.SupervisedSite.USER;
import static io.moonlight.cli.session.SupervisedSite.sessionProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A READY session over the Redis store (append-only file, as a site runs it) while Redis restarts:
 * the gateway answers the supervisor's heartbeats with 503 meanwhile, which the supervisor retries,
 * the session carries on, nothing stored is lost, heartbeats resume once Redis is back, and stop
 * ends it with only moonlight:* keys ever written.
 */
@ServiceTest
class SupervisedRedisSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void aRedisRestartMidSessionLosesNothingAndTheGatewayReconnects() throws Exception {
        // The job's user reaches the site below this directory.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RedisServer redis = RedisServer.start(Files.createDirectory(dir.resolve("redis")), "--appendonly", "yes");
                SupervisedSite site = SupervisedSite.start(Files.createDirectory(dir.resolve("site")),
                        "store:\n  type: redis\n  redis:\n    port: " + redis.port(), SupervisedSite.LOCAL_SCHEDULER,
                        Map.of())) {
            ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
            assertEquals(0, start.exitCode(), site.whyNotReady(start));
            String id = JSON.readTree(start.stdout()).get("id").asText();
            try {
                assertHeartbeats(site, id);
                var before = site.store().get(id).orElseThrow();

                redis.stop();
                Thread.sleep(3000);
                redis.restart();

                assertHeartbeats(site, id);
                var after = site.store().get(id).orElseThrow();
                assertEquals(SessionState.READY, after.state());
                assertEquals(before.history(), after.history(), "nothing stored was lost");
                assertEquals(before.sunshineBasePort(), after.sunshineBasePort());
                assertEquals(1, site.store().leases().size());
                ExecResult stop = site.moonlight("session", "stop", id);
                assertEquals(0, stop.exitCode(), stop.stderr());
                assertEquals(SessionState.ENDED, site.store().get(id).orElseThrow().state());
                assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
                try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                    assertTrue(jedis.keys("*").stream().allMatch(k -> k.startsWith("moonlight:")), jedis.keys("*").toString());
                }
            } finally {
                site.moonlight("session", "stop", id);
                SupervisedSite.signal("TERM", sessionProcesses(id));
                Await.until("no process of " + id, Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
            }
        }
    }
}
