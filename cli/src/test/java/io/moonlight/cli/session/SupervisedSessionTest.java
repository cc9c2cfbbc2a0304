package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.gateway.Gateway;
import io.moonlight.gateway.GatewayOptions;
import io.moonlight.gateway.GatewayServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole session on this host, as an operator runs it: the gateway (real server, SQLite), `session
 * start --wait` through the local scheduler as the user {@link SessionTestbed#USER}, whose job runs
 * the real `moonlight session run` with runtime host, Xvfb, xeyes as the desktop and FakeSunshine
 * (Sunshine needs a GPU); `session stop` ends it with nothing left behind.
 */
class SupervisedSessionTest {
    private static final String USER = SessionTestbed.USER;
    private static final int BASE_PORT = 52989;
    private static final int DISPLAY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path config;
    private static SessionStore store;
    private static GatewayServer gateway;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws IOException {
        SessionTestbed.ensureUnixUser();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        config = dir.resolve("moonlight.yaml");
        Files.writeString(config, String.join("\n",
                "paths:",
                "  session_root: " + scratch,
                "  state_dir: " + dir.resolve("state"),
                "slurm:",
                "  grace_seconds: 20",
                "sunshine:",
                "  base_port: " + BASE_PORT,
                "store:",
                "  sqlite_path: " + dir.resolve("moonlight.db"),
                "gateway:",
                "  api_port: " + port,
                "  jwt:",
                "    hs256_secret: a-portal-secret-of-at-least-32-bytes!",
                "sessions:",
                "  scheduler: local",
                "  launcher: " + readableLauncher(),
                "  ready_timeout_seconds: 60",
                "supervisor:",
                "  runtime: host",
                "  x_server: xvfb",
                "  desktop: [xeyes]",
                "  sunshine: [/usr/bin/python3, " + fakeSunshine() + "]",
                "  display_timeout_seconds: 20",
                "  heartbeat_seconds: 1",
                ""));
        MoonlightConfig loaded = ConfigLoader.read(config);
        store = StoreFactory.open(loaded.store(), loaded.sunshine(), Clock.systemUTC());
        gateway = Gateway.start(loaded, GatewayOptions.of(loaded.gateway(), null, null, 0), store,
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        store.close();
    }

    @AfterEach
    void stopWhatIsLeft() {
        for (String id : started) {
            moonlight("session", "stop", id);
            signal("TERM", sessionProcesses(id));
            Await.until("no process of " + id, Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
        }
    }

    @Test
    void startWaitsForReadyAndStopLeavesNothingBehind() throws Exception {
        ExecResult start = moonlight("session", "start", "--user", USER, "--geometry", "1280x720", "--wait", "--json");
        assertEquals(0, start.exitCode(), start.stderr());
        JsonNode ready = JSON.readTree(start.stdout());
        String id = ready.get("id").asText();
        started.add(id);
        assertEquals("READY", ready.get("state").asText(), start.stdout());
        assertEquals(DISPLAY, ready.get("display").asInt());
        assertEquals(BASE_PORT, ready.get("sunshine_base_port").asInt());
        String node = ready.get("node").asText();
        assertEquals(node + ":" + BASE_PORT, ready.get("moonlight_address").asText());

        ExecResult show = moonlight("session", "show", id);
        assertTrue(show.stdout().contains("READY"), show.stdout());
        assertTrue(show.stdout().contains(node + ":" + BASE_PORT), show.stdout());
        assertTrue(Files.exists(Path.of("/tmp/.X11-unix/X" + DISPLAY)), "Xvfb serves the leased display");
        List<ProcessHandle> processes = sessionProcesses(id);
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("Xvfb")), describe(processes));
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("xeyes")), describe(processes));
        assertTrue(processes.stream().allMatch(p -> p.info().user().orElse("").equals(USER)), describe(processes));
        assertTrue(portTaken(BASE_PORT), "FakeSunshine holds the leased port");
        assertHeartbeats(id);

        ExecResult stop = moonlight("session", "stop", id);

        assertEquals(0, stop.exitCode(), stop.stderr());
        assertTrue(stop.stdout().startsWith(id + "  ENDED"), stop.stdout());
        Session ended = store.get(id).orElseThrow();
        assertEquals(SessionState.ENDED, ended.state());
        assertTrue(store.leases().isEmpty(), store.leases().toString());
        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive), "every process of the session is gone");
        assertTrue(sessionProcesses(id).isEmpty());
        assertFalse(Files.exists(Path.of("/tmp/.X" + DISPLAY + "-lock")), "the X lock is removed");
        assertFalse(portTaken(BASE_PORT));
        String log = Files.readString(dir.resolve("scratch/sunshine_" + USER + "/" + id + "/logs/job.log"));
        assertTrue(log.contains("moonlight: session ENDED: stopped by SIGTERM"), log);
    }

    @Test
    void aSupervisorKilledWithSigkillStopsItsHeartbeat() throws Exception {
        ExecResult start = moonlight("session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), start.stderr());
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);
        assertHeartbeats(id);
        ProcessHandle supervisor = sessionProcesses(id).stream().filter(p -> command(p).endsWith("/java"))
                .findFirst().orElseThrow();

        supervisor.destroyForcibly();
        Await.until("the supervisor is gone", Duration.ofSeconds(10), () -> !supervisor.isAlive());
        Instant last = heartbeat(id);
        Thread.sleep(3500);

        assertEquals(last, heartbeat(id), "no heartbeat after the supervisor died");
        assertEquals(SessionState.READY, store.get(id).orElseThrow().state(), "left for cleanup to find");
    }

    @Test
    void aDesktopThatEndsFailsTheSessionWithTheReasonAndFreesItsLease() throws Exception {
        Path failing = dir.resolve("failing-desktop.yaml");
        Files.writeString(failing, Files.readString(config).replace("desktop: [xeyes]",
                "desktop: [sh, -c, 'sleep 2; echo no session bus; exit 3']"));

        ExecResult start = moonlight(failing, "session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), start.stderr());
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);
        Await.until("the session FAILED", Duration.ofSeconds(30),
                () -> store.get(id).orElseThrow().state() == SessionState.FAILED);

        JsonNode failed = JSON.readTree(moonlight("session", "show", id, "--json").stdout());
        assertEquals("FAILED", failed.get("state").asText());
        assertTrue(failed.get("reason").asText().startsWith("desktop exited with code 3: no session bus"),
                failed.toString());
        Await.until("the job over", Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
        assertTrue(store.leases().isEmpty(), store.leases().toString());
        assertFalse(Files.exists(Path.of("/tmp/.X" + DISPLAY + "-lock")));
    }

    /** Two heartbeats a second apart arrive (supervisor.heartbeat_seconds: 1). */
    private static void assertHeartbeats(String id) {
        Instant first = heartbeat(id);
        Await.until("a newer heartbeat", Duration.ofSeconds(10), () -> heartbeat(id).isAfter(first));
    }

    private static Instant heartbeat(String id) {
        return store.get(id).orElseThrow().heartbeatAt().orElse(Instant.EPOCH);
    }

    /** Every process carrying the session's id in its environment, as the supervisor gives its children. */
    private static List<ProcessHandle> sessionProcesses(String id) {
        byte[] marker = ("MOONLIGHT_SESSION_ID=" + id + "\0").getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
                return indexOf(environ, marker) >= 0;
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String command(ProcessHandle p) {
        return p.info().command().orElse("");
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + command(p) + " " + p.info().user().orElse("?")).toList()
                .toString();
    }

    private static void signal(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("kill", "-s", signal));
        processes.forEach(p -> argv.add(String.valueOf(p.pid())));
        new ProcessCommandRunner().run(ExternalCommand.of(argv));
    }

    private static boolean portTaken(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("0.0.0.0", port));
            return false;
        } catch (IOException taken) {
            return true;
        }
    }

    /**
     * The moonlight command for the job, which runs as the user: this JVM's class path with every jar
     * copied where the user can read it (the build's repository is root's).
     */
    private static Path readableLauncher() throws IOException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                Path copy = lib.resolve(classpath.size() + "-" + path.getFileName());
                Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                classpath.add(copy.toString());
            } else if (Files.isDirectory(path)) {
                classpath.add(entry);
            }
        }
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = dir.resolve("moonlight");
        Files.writeString(launcher, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -cp " + String.join(File.pathSeparator, classpath) + " io.moonlight.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** FakeSunshine's script where the user can read it. */
    private static Path fakeSunshine() throws IOException {
        Path script = dir.resolve("fake_sunshine.py");
        try (InputStream in = SupervisedSessionTest.class.getResourceAsStream("/fake-sunshine/fake_sunshine.py")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        return script;
    }

    private static ExecResult moonlight(String... args) {
        return moonlight(config, args);
    }

    private static ExecResult moonlight(Path withConfig, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main", "--config", withConfig.toString()));
        argv.addAll(List.of(args));
        return new ProcessCommandRunner().run(ExternalCommand.of(argv).withTimeout(Duration.ofSeconds(120))
                .withEnv("NO_COLOR", "1"));
    }
}
