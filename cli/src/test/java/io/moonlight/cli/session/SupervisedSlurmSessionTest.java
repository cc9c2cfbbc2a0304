package io.moonlight.cli.session;

import static io.moonlight.cli.session.SupervisedSite.BASE_PORT;
import static io.moonlight.cli.session.SupervisedSite.DISPLAY;
import static io.moonlight.cli.session.SupervisedSite.USER;
import static io.moonlight.cli.session.SupervisedSite.command;
import static io.moonlight.cli.session.SupervisedSite.describe;
import static io.moonlight.cli.session.SupervisedSite.sessionProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same session as {@link SupervisedSessionTest}, submitted to the real Slurm testbed: sbatch as
 * the user, the job runs `moonlight session run` on the node, READY through the gateway; `session
 * stop` (scancel) ends it with no job, process, lease or X lock left.
 */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class SupervisedSlurmSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlurmTestbed testbed;
    @TempDir
    Path dir;

    SupervisedSlurmSessionTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        SessionTestbed.ensure(testbed);
    }

    @AfterEach
    void cancelJobs() {
        SessionTestbed.cancelJobsUnder(testbed, dir);
    }

    @Test
    void startOnTheTestbedReachesReadyAndStopLeavesNothingBehind() throws IOException {
        try (SupervisedSite site = SupervisedSite.start(dir, String.join("\n",
                "slurm:",
                "  qos: " + SessionTestbed.QOS,
                "  gres: \"\"",
                "  grace_seconds: 20",
                "sessions:",
                "  launcher: LAUNCHER",
                "  ready_timeout_seconds: 60",
                ""), testbed.env())) {
            ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
            JsonNode ready = JSON.readTree(start.stdout());
            String id = ready.get("id").asText();
            assertEquals(0, start.exitCode(), site.whyNotReady(start));
            String jobId = ready.get("job_id").asText();
            assertEquals("READY", ready.get("state").asText(), start.stdout());
            assertEquals(DISPLAY, ready.get("display").asInt());
            assertEquals(ready.get("node").asText() + ":" + BASE_PORT, ready.get("moonlight_address").asText());
            List<ProcessHandle> processes = sessionProcesses(id);
            assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("Xvfb")), describe(processes));
            SupervisedSessionTest.assertHeartbeats(site, id);

            ExecResult stop = site.moonlight("session", "stop", id);

            assertEquals(0, stop.exitCode(), stop.stderr());
            assertEquals(SessionState.ENDED, site.store().get(id).orElseThrow().state());
            assertEquals("", testbed.runner().run(ExternalCommand.of("squeue", "-h", "-j", jobId).asReadOnly())
                    .stdout().strip());
            Await.until("every process of the session gone", Duration.ofSeconds(30),
                    () -> processes.stream().noneMatch(ProcessHandle::isAlive) && sessionProcesses(id).isEmpty());
            assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
            assertFalse(Files.exists(Path.of("/tmp/.X" + DISPLAY + "-lock")), "the X lock is removed");
            assertTrue(Files.readString(site.jobLog(id)).contains("moonlight: session ENDED: stopped by SIGTERM"),
                    Files.readString(site.jobLog(id)));
        }
    }
}
