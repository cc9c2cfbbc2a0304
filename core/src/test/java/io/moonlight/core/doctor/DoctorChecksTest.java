package io.moonlight.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.doctor.CheckResult.Status;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.turn.TurnProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorChecksTest {
    @TempDir
    Path dir;

    @Test
    void javaBelow17Fails() {
        assertEquals(Status.PASS, new JavaCheck(Runtime.Version.parse("17.0.15")).run().get(0).status());
        assertEquals(Status.FAIL, new JavaCheck(Runtime.Version.parse("11.0.2")).run().get(0).status());
    }

    @Test
    void sqliteStoreNeedsAWritableDirectory() throws Exception {
        StoreConfig ok = new StoreConfig("sqlite", dir.resolve("m.db"), null);
        assertEquals(Status.PASS, new StoreCheck(ok).run().get(0).status());
        StoreConfig missing = new StoreConfig("sqlite", dir.resolve("nope/m.db"), null);
        CheckResult result = new StoreCheck(missing).run().get(0);
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.hint().startsWith("mkdir -p " + dir.resolve("nope")), result.hint());
    }

    @ServiceTest
    @Test
    void redisStoreIsPingedForRealAndItsPersistenceChecked() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--appendonly", "yes")) {
            CheckResult up = new StoreCheck(redisAt(redis.port()).store()).run().get(0);
            assertEquals(Status.PASS, up.status(), up.summary());
            assertTrue(up.summary().endsWith("answers PONG, append-only file on"), up.summary());
        }
        try (RedisServer volatileRedis = RedisServer.start(dir)) {
            CheckResult forgetful = new StoreCheck(redisAt(volatileRedis.port()).store()).run().get(0);
            assertEquals(Status.WARN, forgetful.status(), forgetful.summary());
            assertTrue(forgetful.summary().endsWith("answers PONG but keeps nothing on disk: a restart loses every "
                    + "session and port lease"), forgetful.summary());
            assertTrue(forgetful.hint().startsWith("set 'appendonly yes' in redis.conf"), forgetful.hint());
        }
        try (RedisServer snapshots = RedisServer.start(dir, "--save", "60 1")) {
            CheckResult result = new StoreCheck(redisAt(snapshots.port()).store()).run().get(0);
            assertEquals(Status.WARN, result.status(), result.summary());
            assertTrue(result.summary().contains("with snapshots only (save 60 1)"), result.summary());
        }
        try (RedisServer managed = RedisServer.start(dir, "--appendonly", "no", "--rename-command", "CONFIG", "\"\"")) {
            CheckResult result = new StoreCheck(redisAt(managed.port()).store()).run().get(0);
            assertEquals(Status.PASS, result.status(), result.summary());
            assertTrue(result.summary().endsWith("(persistence not checked: CONFIG GET refused)"), result.summary());
        }
        MoonlightConfig down = ConfigLoader.parse("t", "store:\n  type: redis\n  redis:\n    port: "
                + RedisServer.freePort() + "\n");
        assertEquals(Status.FAIL, new StoreCheck(down.store()).run().get(0).status());
    }

    private static MoonlightConfig redisAt(int port) {
        return ConfigLoader.parse("t", "store:\n  type: redis\n  redis:\n    port: " + port + "\n");
    }

    @ServiceTest
    @Test
    void redisWithAWrongPasswordFails() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, "--requirepass", "right")) {
            MoonlightConfig config = ConfigLoader.parse("t", "store:\n  type: redis\n  redis:\n    port: "
                    + redis.port() + "\n    password: wrong\n");
            CheckResult result = new StoreCheck(config.store()).run().get(0);
            assertEquals(Status.FAIL, result.status());
            assertFalse(result.summary().contains("wrong"), "the password must not be printed");
        }
    }

    @Test
    void gatewayHealthIsFetchedOverHttp() throws Exception {
        HttpServer server = healthyGateway();
        try {
            assertEquals(Status.PASS, gatewayCheck("gateway:\n  api_port: " + server.getAddress().getPort() + "\n")
                    .run().get(0).status());
        } finally {
            server.stop(0);
        }
        assertEquals(Status.FAIL, gatewayCheck("gateway:\n  api_port: " + RedisServer.freePort() + "\n")
                .run().get(0).status());
    }

    @Test
    void everyGatewayBehindThePortalIsCheckedAndTheOneDownIsNamed() throws Exception {
        HttpServer up = healthyGateway();
        int down = RedisServer.freePort();
        try {
            List<CheckResult> results = gatewayCheck("store:\n  type: redis\nnginx:\n  gateways: [\"127.0.0.1:"
                    + up.getAddress().getPort() + ":8005\", \"127.0.0.1:" + down + ":8005\"]\n").run();
            assertEquals(List.of(Status.PASS, Status.FAIL), results.stream().map(CheckResult::status).toList());
            assertEquals("gateway not reachable at http://127.0.0.1:" + down + "/api/moonlight/healthz",
                    results.get(1).summary());
        } finally {
            up.stop(0);
        }
    }

    private static GatewayCheck gatewayCheck(String yaml) {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", yaml);
        return GatewayCheck.of(config.gateway(), config.nginx());
    }

    private static HttpServer healthyGateway() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/moonlight/healthz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void turnIsCheckedOnlyWhenEnabledAndThenNeedsItsSecret() {
        TurnProbe probe = new TurnProbe(Duration.ofMillis(200));
        CheckResult off = new TurnCheck(MoonlightConfig.defaults().turn(), probe, Clock.systemUTC()).run().get(0);
        assertEquals(Status.PASS, off.status());
        assertTrue(off.summary().startsWith("TURN is off"), off.summary());
        TurnConfig on = ConfigLoader.parse("t", "turn:\n  enabled: true\n  secret_file: " + dir.resolve("none")
                + "\n").turn();
        CheckResult missing = new Doctor(List.of(new TurnCheck(on, probe, Clock.systemUTC()))).run().get(0);
        assertEquals(Status.FAIL, missing.status());
        assertEquals("turn.secret_file " + dir.resolve("none") + " does not exist", missing.summary());
        assertTrue(missing.hint().contains("moonlight install turn"), missing.hint());
    }

    @Test
    void uinputMissingIsAWarningWithTheFix() throws Exception {
        CheckResult missing = new UinputCheck(dir.resolve("uinput")).run().get(0);
        assertEquals(Status.WARN, missing.status());
        assertTrue(missing.hint().startsWith("modprobe uinput"));
        assertEquals(Status.PASS, new UinputCheck(Files.createFile(dir.resolve("uinput"))).run().get(0).status());
    }

    @Test
    void missingApptainerFailsAndEachMissingImageWarns() {
        MoonlightConfig config = ConfigLoader.parse("t", "apptainer:\n  binary: moonlight-no-apptainer\npaths:\n"
                + "  image_dir: " + dir + "\n");
        List<CheckResult> results = new ApptainerCheck(new ProcessCommandRunner(), config).run();
        assertEquals(Status.FAIL, results.get(0).status());
        assertEquals(List.of("image xfce4", "image gnome", "image gnome-lsprepost"),
                results.subList(1, 4).stream().map(CheckResult::check).toList());
        assertTrue(results.subList(1, 4).stream().allMatch(r -> r.status() == Status.WARN));
    }

    @Test
    void aCheckThatThrowsBecomesAFailLineAndTheOthersStillRun() {
        Check broken = new Check() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<CheckResult> run() {
                throw MoonlightException.unavailable("cannot run 'sinfo'", "install slurm-client");
            }
        };
        List<CheckResult> results = new Doctor(List.of(broken, new JavaCheck(Runtime.version()))).run();
        assertEquals(new CheckResult("broken", Status.FAIL, "cannot run 'sinfo'", "install slurm-client"), results.get(0));
        assertEquals(Status.PASS, results.get(1).status());
        assertTrue(Doctor.anyFailed(results));
    }
}
