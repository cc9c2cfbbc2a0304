package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.cli.Main;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.NetworkNamespace;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moonlight install sysctl} as a user runs it. Whatever touches the live kernel runs the
 * whole CLI inside a network namespace of the test's own ({@code ip netns exec NS java ...}).
 */
class InstallSysctlCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path site;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = site.resolve("moonlight.yaml");
        Files.writeString(config, "paths:\n  site_dir: " + site + "\n");
    }

    @Test
    void installsTheFilesUnderRootThenReportsThemUnchanged() throws Exception {
        CliRun first = run("install", "sysctl", "--root", root.toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().contains("changed  " + root + "/etc/sysctl.d/90-moonlight.conf"), first.out());
        assertTrue(Files.readString(root.resolve("etc/sysctl.d/90-moonlight.conf"))
                .contains("\nnet.core.rmem_max = 26214400\n"));
        assertEquals("tcp_bbr", Files.readString(root.resolve("etc/modules-load.d/moonlight-bbr.conf")).lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow());
        assertFalse(Files.exists(root.resolve("etc/sysctl.conf")), "never /etc/sysctl.conf");

        CliRun second = run("install", "sysctl", "--root", root.toString(), "--json");
        assertEquals(0, second.exitCode(), second.toString());
        JsonNode steps = new ObjectMapper().readTree(second.out()).at("/nodes/0/steps");
        assertEquals(2, steps.size());
        steps.forEach(step -> assertEquals("UNCHANGED", step.get("status").asText()));
    }

    @Test
    void dryRunPrintsTheFilesAndWritesNothing() {
        CliRun dry = run("install", "sysctl", "--root", root.toString(), "--dry-run");

        assertEquals(0, dry.exitCode(), dry.toString());
        assertTrue(dry.out().contains("# dry run: would write " + root + "/etc/sysctl.d/90-moonlight.conf\n"
                + "# Network tuning for moonlight"), dry.out());
        assertTrue(dry.out().contains("\nnet.ipv4.tcp_congestion_control = bbr\n"), dry.out());
        assertTrue(dry.out().matches("(?s).*\nnet\\.ipv4\\.ip_local_reserved_ports = [0-9,-]+\n# end of .*"), dry.out());
        assertTrue(dry.out().contains("would-change  " + root + "/etc/modules-load.d/moonlight-bbr.conf"), dry.out());
        assertFalse(Files.exists(root.resolve("etc")));
    }

    @Test
    void badInputExits2AndChangesNothing() throws Exception {
        assertBad(run("install", "sysctl", "--apply", "--check", "--root", root.toString()),
                "--apply and --check cannot be combined");
        assertBad(run("install", "sysctl", "--root", "relative/dir"), "is not an absolute path");
        assertBad(run("install", "sysctl", "--root", root.resolve("absent").toString()), "does not exist");
        Files.createDirectories(site.resolve("sysctl"));
        Files.writeString(site.resolve("sysctl/moonlight.conf"), "net.core.rmem_max 1\n");
        assertBad(run("install", "sysctl", "--root", root.toString()),
                site.resolve("sysctl/moonlight.conf") + " line 1: 'net.core.rmem_max 1' is not 'key = value'");
        try (var files = Files.list(root)) {
            assertEquals(0, files.count());
        }
    }

    @ServiceTest
    @Test
    void applyInANamespaceReportsTheKeysThatDidNotTakeThenCheckShowsTheDrift() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.set("net.ipv4.tcp_congestion_control", "reno");
            namespace.set("net.ipv4.udp_rmem_min", "4096");

            CliRun before = runInside(namespace, "install", "sysctl", "--check", "--root", root.toString());
            assertEquals(3, before.exitCode(), before.toString());
            assertTrue(before.out().contains("drifted  " + root + "/etc/sysctl.d/90-moonlight.conf"), before.out());
            assertRow(before, "net.ipv4.tcp_congestion_control", "drifted", "bbr", "reno");
            assertRow(before, "net.ipv4.ip_local_reserved_ports", "drifted", "47984-48220", "(empty)");

            CliRun dry = runInside(namespace, "install", "sysctl", "--apply", "--dry-run", "--root", root.toString());
            assertEquals(0, dry.exitCode(), dry.toString());
            assertTrue(dry.out().contains("# dry run: would run sysctl -w net.ipv4.tcp_congestion_control=bbr\n"),
                    dry.out());
            assertEquals("reno", namespace.get("net.ipv4.tcp_congestion_control"), "the dry run changed nothing");
            assertFalse(Files.exists(root.resolve("etc")));

            CliRun applied = runInside(namespace, "install", "sysctl", "--apply", "--root", root.toString());
            assertEquals(1, applied.exitCode(), applied.toString());
            assertRow(applied, "net.ipv4.tcp_congestion_control", "changed", "bbr", "bbr");
            assertRow(applied, "net.ipv4.udp_rmem_min", "changed", "16384", "16384");
            assertRow(applied, "net.core.rmem_max", "failed", "26214400", namespace.get("net.core.rmem_max"));
            assertRow(applied, "net.core.default_qdisc", "failed", "fq", "(none)");
            assertRow(applied, "net.ipv4.ip_local_reserved_ports", "changed", "47984-48220", "47984-48220");
            assertTrue(applied.err().contains("5 of 9 keys did not take"), applied.err());
            assertEquals("bbr", namespace.get("net.ipv4.tcp_congestion_control"));

            CliRun after = runInside(namespace, "install", "sysctl", "--check", "--root", root.toString(), "--json");
            assertEquals(3, after.exitCode(), after.toString());
            List<String> drifted = new ArrayList<>();
            new ObjectMapper().readTree(after.out()).at("/nodes/0/keys").forEach(key -> {
                if (key.get("status").asText().equals("DRIFTED")) {
                    drifted.add(key.get("key").asText());
                }
            });
            assertEquals(List.of("net.core.rmem_max", "net.core.wmem_max", "net.core.rmem_default",
                    "net.core.wmem_default", "net.core.default_qdisc"), drifted);
        }
    }

    private static void assertRow(CliRun run, String key, String status, String wanted, String live) {
        String row = run.out().lines().filter(l -> l.contains(" " + key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + key + " in\n" + run.out()));
        assertEquals(List.of(status, key, wanted, live), List.of(row.strip().split("\\s+")).subList(0, 4), row);
    }

    private static void assertBad(CliRun run, String message) {
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: "), run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    private CliRun run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }

    /** The CLI in a JVM of its own inside the namespace, on this test's class path. */
    private CliRun runInside(NetworkNamespace namespace, String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName(), "--config", config.toString()));
        argv.addAll(List.of(args));
        ExecResult result = new ProcessCommandRunner().run(ExternalCommand.of(argv)
                .withEnv("NO_COLOR", "1").withTimeout(Duration.ofSeconds(60)));
        return new CliRun(result.exitCode(), result.stdout(), result.stderr());
    }
}
