package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session commands as an operator runs them, as root on the real Slurm testbed: separate
 * processes (they need SLURM_CONF), their stdout, stderr and exit codes, and squeue's view after.
 * The job's launcher is the {@link FakeSupervisor} until the real supervisor exists.
 */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class SessionCommandsTest {
    private static final String USER = SessionTestbed.USER;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SlurmTestbed testbed;
    @TempDir
    Path dir;
    private Path scratch;
    private Path config;

    SessionCommandsTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        SessionTestbed.ensure(testbed);
    }

    @BeforeEach
    void configure() throws IOException {
        scratch = UserDirs.scratch(dir);
        config = writeConfig(SessionTestbed.QOS, 300);
    }

    @AfterEach
    void cancelJobs() {
        SessionTestbed.cancelJobsUnder(testbed, scratch);
        Await.until("the test's jobs gone", WAIT, () -> SessionTestbed.jobsUnder(testbed, scratch).isEmpty());
    }

    private Path writeConfig(String qos, int readyTimeout) throws IOException {
        Path file = dir.resolve("moonlight-" + qos + "-" + readyTimeout + ".yaml");
        Files.writeString(file, "paths:\n  session_root: " + scratch + "\n  state_dir: " + dir.resolve("state")
                + "\nslurm:\n  qos: " + qos + "\n  gres: \"\"\nstore:\n  sqlite_path: " + dir.resolve("moonlight.db")
                + "\nsessions:\n  launcher: " + FakeSupervisor.writeTo(dir) + "\n  ready_timeout_seconds: " + readyTimeout
                + "\n");
        return file;
    }

    @Test
    void startListShowStopAsAnOperatorSeesThem() throws IOException {
        ExecResult start = moonlight("session", "start", "--user", USER, "--hours", "2", "--geometry", "1280x720");
        assertEquals(0, start.exitCode(), start.stderr());
        String[] fields = start.stdout().strip().split("\\s+");
        String id = fields[0];
        assertEquals("PENDING", fields[1]);
        assertTrue(id.matches("ml-" + USER + "-\\d{14}-[a-z2-7]{6}"), id);
        Await.until("job running", WAIT, () -> jobsOfTheUser().contains("RUNNING"));
        assertTrue(jobsOfTheUser().startsWith("moonlight-" + USER + "|viz|" + SessionTestbed.QOS + "|2:00:00|"),
                jobsOfTheUser());

        Await.until("listed as STARTING", WAIT, () -> moonlight("session", "list").stdout().contains(" STARTING "));
        JsonNode shown = json(moonlight("session", "show", id, "--json"));
        assertEquals("STARTING", shown.get("state").asText());
        assertEquals("1280x720", shown.get("geometry").asText());
        assertEquals("RUNNING", shown.get("job_state").asText());
        assertEquals(scratch.resolve("sunshine_" + USER).resolve(id).resolve("logs/job.log").toString(),
                shown.get("job_log").asText());
        assertEquals("https://localhost/moonlight/?session=" + id, shown.get("browser_url").asText());

        Await.until("the job log written", WAIT, () -> moonlight("session", "logs", id).stdout().contains(" up"));
        assertEquals("fake supervisor of " + id + " up\n", moonlight("session", "logs", id).stdout());
        ExecResult pair = moonlight("session", "pair", id, "--pin", "1234");
        assertEquals(1, pair.exitCode(), pair.stderr());
        assertEquals("moonlight: session " + id + " is STARTING, not READY: no Sunshine to pair with (hint: wait until "
                + "it is READY: 'moonlight session show " + id + "')\n", pair.stderr());

        ExecResult stop = moonlight("session", "stop", id);
        assertEquals(0, stop.exitCode(), stop.stderr());
        assertEquals(id + "  ENDED (stopped by root)\n", stop.stdout());
        assertEquals("", jobsOfTheUser());
        ExecResult live = moonlight("session", "list");
        assertEquals("", live.stdout());
        // Jobs of other tests on the shared testbed may show as jobs without a session; none is this one's.
        assertTrue(live.stderr().endsWith("moonlight: no live sessions\n") && !live.stderr().contains(id), live.stderr());
    }

    @Test
    void anExternalScancelShowsAsEndedWithTheDisagreement() throws IOException {
        String id = moonlight("session", "start", "--user", USER).stdout().split("\\s+")[0];
        String jobId = json(moonlight("session", "show", id, "--json")).get("job_id").asText();
        testbed.runner().run(ExternalCommand.of("scancel", jobId)).orFail("scancel", null);
        Await.until("job gone", WAIT, () -> jobsOfTheUser().isEmpty());

        ExecResult list = moonlight("session", "list", "--all");

        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches(id + " +" + USER + " +ENDED .*")), list.stdout());
        assertTrue(list.stderr().startsWith("moonlight: store and scheduler disagreed: session " + id + " was "), list.stderr());
        assertTrue(list.stderr().contains("but job " + jobId + " is gone from slurm"), list.stderr());
    }

    @Test
    void badInputExitsTwoWithNothingSubmittedOrStored() throws IOException {
        assertBadInput(config, "moonlight: 'a;id' is not a valid user name", "--user", "a;id");
        assertBadInput(config, "moonlight: '../root' is not a valid user name", "--user", "../root");
        assertBadInput(config, "moonlight: '1920x1080;reboot' is not a geometry", "--user", USER, "--geometry", "1920x1080;reboot");
        assertBadInput(config, "moonlight: '../../etc' is not a valid image id", "--user", USER, "--image", "../../etc");
        assertBadInput(config, "moonlight: 'xfce4 && id' is not a valid image id", "--user", USER, "--image", "xfce4 && id");
        assertBadInput(config, "moonlight: 0 hours is too short", "--user", USER, "--hours", "0");
        assertBadInput(config, "moonlight: 999 hours is longer than the QoS allows (8)", "--user", USER, "--hours", "999");
        assertBadInput(config, "moonlight: no user 'nosuchuser' on this system", "--user", "nosuchuser");
        assertBadInput(config, "moonlight: 'vp9' is not a codec", "--user", USER, "--codec", "vp9");
        assertBadInput(writeConfig("mltest-no-such-qos", 300), "moonlight: Slurm has no QoS 'mltest-no-such-qos'",
                "--user", USER);
        Path noLauncher = dir.resolve("no-launcher.yaml");
        Files.writeString(noLauncher, Files.readString(config).replaceAll("  launcher: .*\n", ""));
        assertBadInput(noLauncher, "moonlight: no moonlight launcher for the session job", "--user", USER);

        assertEquals("", jobsOfTheUser());
        assertEquals(0, json(moonlight("session", "list", "--all", "--json")).get("sessions").size());
        try (Stream<Path> entries = Files.list(scratch)) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void waitPrintsTheConnectionOnceReady() throws Exception {
        CompletableFuture<ExecResult> waiting = CompletableFuture.supplyAsync(
                () -> moonlight("session", "start", "--user", USER, "--wait", "--json"));
        try (SessionStore store = StoreFactory.open(ConfigLoader.read(config).store(),
                ConfigLoader.read(config).sunshine(), Clock.systemUTC())) {
            Await.until("the session STARTING", WAIT, () -> store.listByUser(USER).stream()
                    .anyMatch(s -> s.state() == SessionState.STARTING));
            var session = store.listByUser(USER).get(0);
            // What the supervisor will do: claim its ports, report READY.
            store.claimLease(session.id(), session.node().orElseThrow(), FreeDisplays.ALL);
            store.transition(session.id(), SessionState.STARTING, SessionState.READY, "");
        }

        ExecResult result = waiting.get();

        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode shown = json(result);
        assertEquals("READY", shown.get("state").asText());
        assertEquals(shown.get("node").asText() + ":47989", shown.get("moonlight_address").asText());
        assertEquals(47990, shown.get("sunshine_web_ui_port").asInt());
        assertTrue(result.stderr().contains("waiting for READY"), result.stderr());
    }

    @Test
    void waitGivesUpAfterTheReadyTimeout() throws IOException {
        ExecResult result = run(writeConfig(SessionTestbed.QOS, 1), "session", "start", "--user", USER, "--wait");

        assertEquals(1, result.exitCode(), result.stderr());
        assertTrue(result.stderr().lines().anyMatch(l -> l.matches("moonlight: session ml-" + USER
                + "-\\S+ is not READY after 1 s \\(it is (PENDING|STARTING)\\).*")), result.stderr());
    }

    private void assertBadInput(Path withConfig, String stderrStart, String... options) {
        List<String> argv = new ArrayList<>(List.of("session", "start"));
        argv.addAll(List.of(options));
        ExecResult result = run(withConfig, argv.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.toString() + result.stderr());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith(stderrStart) && result.stderr().lines().count() == 1, result.stderr());
    }

    /** This test's jobs as squeue shows them (other tests may run jobs as the same user meanwhile). */
    private String jobsOfTheUser() {
        String out = testbed.runner().run(ExternalCommand.of("squeue", "-h", "-u", USER, "-o", "%j|%P|%q|%l|%T|%Z")
                .asReadOnly()).stdout();
        StringBuilder ours = new StringBuilder();
        for (String line : out.lines().toList()) {
            int dir = line.lastIndexOf('|');
            if (Path.of(line.substring(dir + 1)).startsWith(scratch)) {
                ours.append(line, 0, dir).append('\n');
            }
        }
        return ours.toString();
    }

    private static JsonNode json(ExecResult result) throws IOException {
        assertEquals(0, result.exitCode(), result.stderr());
        return new ObjectMapper().readTree(result.stdout());
    }

    private ExecResult moonlight(String... args) {
        return run(config, args);
    }

    private ExecResult run(Path withConfig, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main", "--config", withConfig.toString()));
        argv.addAll(List.of(args));
        ExternalCommand command = ExternalCommand.of(argv).withTimeout(Duration.ofSeconds(60)).withEnv("NO_COLOR", "1");
        for (var e : testbed.env().entrySet()) {
            command = command.withEnv(e.getKey(), e.getValue());
        }
        return new ProcessCommandRunner().run(command);
    }
}
