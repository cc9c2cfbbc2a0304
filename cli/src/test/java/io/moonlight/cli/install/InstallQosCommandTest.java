package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moonlight install qos} as an operator runs it: a separate process (it needs SLURM_CONF in
 * its environment to reach the testbed), its stdout, stderr and exit code, and sacctmgr's view after.
 */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class InstallQosCommandTest {
    private static final String QOS = "mltest-cli";

    private final SlurmTestbed testbed;
    @TempDir
    Path dir;
    private Path config;

    InstallQosCommandTest(SlurmTestbed testbed) {
        this.testbed = testbed;
    }

    @BeforeEach
    void freshQosAndConfig() throws IOException {
        testbed.sacctmgrChange("delete", "qos", QOS);
        config = dir.resolve("moonlight.yaml");
        Files.writeString(config, "slurm:\n  qos: " + QOS + "\n  grace_seconds: 30\n  max_wall: \"4:00:00\"\n");
    }

    @AfterEach
    void deleteQos() {
        testbed.sacctmgrChange("delete", "qos", QOS);
    }

    @Test
    void installsWithTheConfiguredDefaultsThenReportsUnchanged() {
        // The account's association count depends on what other tests added to the shared testbed.
        long associations = testbed.sacctmgr("show", "assoc", "where",
                "account=" + SlurmTestbed.TEST_ACCOUNT, "format=User").lines().count();
        ExecResult first = moonlight("install", "qos", "--grant-to-account", SlurmTestbed.TEST_ACCOUNT);
        assertEquals(0, first.exitCode(), first.stderr());
        assertEquals("changed      qos  " + QOS + "  (added: GraceTime=30 MaxWall=4:00:00 Flags=DenyOnLimit)\n"
                + "changed      qos-grant  account mlacct  (added " + QOS + " to " + associations + " of "
                + associations + " association(s))\n", first.stdout());
        assertEquals(QOS + "|00:00:30|04:00:00||DenyOnLimit\n", liveQos());

        ExecResult second = moonlight("install", "qos", "--grant-to-account", SlurmTestbed.TEST_ACCOUNT);
        assertEquals(0, second.exitCode(), second.stderr());
        assertEquals("unchanged    qos  " + QOS + "\nunchanged    qos-grant  account mlacct\n", second.stdout());
    }

    @Test
    void jsonSaysWhatChanged() throws IOException {
        moonlight("install", "qos");

        ExecResult result = moonlight("install", "qos", "--max-jobs-per-user", "3", "--json");

        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode step = new ObjectMapper().readTree(result.stdout()).get("steps").get(0);
        assertEquals(QOS, step.get("target").asText());
        assertEquals("CHANGED", step.get("status").asText());
        assertEquals("MaxJobsPerUser unlimited -> 3", step.get("details").get(0).asText());
        assertEquals(1, step.get("details").size());
    }

    @Test
    void dryRunPrintsTheExactCommandsAndChangesNothing() {
        ExecResult result = moonlight("install", "qos", "--max-wall", "2:00:00", "--grant-to-user",
                SlurmTestbed.TEST_USER, "--dry-run");

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("# dry run: would run sacctmgr -i add qos " + QOS + " GraceTime=30 MaxWall=2:00:00 Flags=DenyOnLimit\n"
                + "# dry run: would run sacctmgr -i modify user mltest set qos+=" + QOS + "\n"
                + "would-change qos  " + QOS + "  (added: GraceTime=30 MaxWall=2:00:00 Flags=DenyOnLimit)\n"
                + "would-change qos-grant  user mltest  (added " + QOS + " to 1 of 1 association(s))\n", result.stdout());
        assertEquals("", liveQos());
    }

    @Test
    void badInputExitsTwoAndChangesNothing() {
        assertBadInput("moonlight: malformed --max-wall '8 hours'", "--max-wall", "8 hours");
        assertBadInput("moonlight: grace time -1 s is negative", "--grace-seconds", "-1");
        assertBadInput("moonlight: account 'mltest-nowhere' does not exist in Slurm (hint: create it first: "
                + "sacctmgr add account mltest-nowhere)", "--grant-to-user", SlurmTestbed.TEST_USER,
                "--grant-to-account", "mltest-nowhere");
        assertBadInput("moonlight: QoS name 'vnc_desktops' belongs to the VNC service", "--name", "vnc_desktops");
        assertEquals("", liveQos());
        assertEquals("", testbed.sacctmgr("show", "qos", "vnc_desktops", "format=Name"));
        assertFalse(testbed.sacctmgr("show", "assoc", "where", "user=" + SlurmTestbed.TEST_USER, "format=QOS")
                .contains(QOS));
    }

    @Test
    void withoutSacctmgrExitsFiveWithAHint() {
        ExecResult result = run(List.of("install", "qos"), "/nonexistent");

        assertEquals(5, result.exitCode(), result.stderr());
        assertEquals("moonlight: sacctmgr not found on localhost (hint: install Slurm's client commands "
                + "(Debian: slurm-client) and put sacctmgr on PATH)\n", result.stderr());
    }

    private void assertBadInput(String stderrStart, String... args) {
        List<String> argv = new ArrayList<>(List.of("install", "qos"));
        argv.addAll(List.of(args));
        ExecResult result = moonlight(argv.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith(stderrStart) && result.stderr().lines().count() == 1, result.stderr());
    }

    private ExecResult moonlight(String... args) {
        return run(List.of(args), System.getenv("PATH"));
    }

    private ExecResult run(List<String> args, String path) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main", "--config", config.toString()));
        argv.addAll(args);
        ExternalCommand command = ExternalCommand.of(argv).withTimeout(Duration.ofSeconds(60))
                .withEnv("PATH", path).withEnv("NO_COLOR", "1");
        for (var e : testbed.env().entrySet()) {
            command = command.withEnv(e.getKey(), e.getValue());
        }
        return new ProcessCommandRunner().run(command);
    }

    private String liveQos() {
        return testbed.sacctmgr("show", "qos", QOS, "format=Name,GraceTime,MaxWall,MaxJobsPU,Flags");
    }
}
