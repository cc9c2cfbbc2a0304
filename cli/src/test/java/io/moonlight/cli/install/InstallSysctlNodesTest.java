package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.sysctl.ReservedPorts;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install sysctl --nodes} against a real sshd on 127.0.0.1. That "node" is this host, so
 * these tests only install files under a temp root, check, and dry-run --apply: the host's own
 * kernel parameters are never set (--apply for real is tested inside a network namespace).
 */
@ServiceTest
class InstallSysctlNodesTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path root;
    @TempDir
    Path site;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = site.resolve("moonlight.yaml");
        Files.writeString(config, String.join("\n",
                "paths:",
                "  site_dir: " + site,
                "ssh:",
                "  user: " + System.getProperty("user.name"),
                "  port: " + SSHD.port(),
                "  identity_file: " + SSHD.identityFile(),
                "  known_hosts: " + SSHD.knownHosts(),
                "  connect_timeout_seconds: 5",
                ""));
    }

    @Test
    void installsTheFilesOnTheNodeThenFindsThemCurrent() throws Exception {
        CliRun first = run("install", "sysctl", "--nodes", "127.0.0.1", "--root", root.toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("node 127.0.0.1\n"), first.toString());
        assertTrue(first.out().contains("changed  127.0.0.1:" + root + "/etc/sysctl.d/90-moonlight.conf"), first.out());
        String dropIn = Files.readString(root.resolve("etc/sysctl.d/90-moonlight.conf"));
        assertTrue(dropIn.contains("\nnet.ipv4.tcp_congestion_control = bbr\n"), dropIn);
        ReservedPorts nodes = ReservedPorts.parse(local("net.ipv4.ip_local_reserved_ports"), "here");
        assertTrue(dropIn.endsWith("\nnet.ipv4.ip_local_reserved_ports = "
                + nodes.with(ReservedPorts.parse("47984-48220", "sunshine")) + "\n"),
                "Sunshine's ports besides what the node reserves: " + dropIn);

        CliRun second = run("install", "sysctl", "--nodes", "127.0.0.1", "--root", root.toString());
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("unchanged  127.0.0.1:" + root + "/etc/modules-load.d/moonlight-bbr.conf"),
                second.out());
    }

    @Test
    void checkReportsTheNodesLiveValuesAndEachUnreachableNode() throws Exception {
        CliRun check = run("install", "sysctl", "--nodes", "127.0.0.1,localhost", "--check", "--root",
                root.toString(), "--json");

        JsonNode nodes = new ObjectMapper().readTree(check.out()).get("nodes");
        assertEquals(2, nodes.size(), check.toString());
        JsonNode reached = nodes.get(0);
        assertEquals("127.0.0.1", reached.get("host").asText());
        reached.get("steps").forEach(step -> assertEquals("DRIFTED", step.get("status").asText()));
        for (JsonNode key : reached.get("keys")) {
            String live = local(key.get("key").asText());
            assertEquals(live, key.get("live").asText(), key.toString());
            assertEquals(live.equals(key.get("wanted").asText()) ? "UNCHANGED" : "DRIFTED", key.get("status").asText());
        }
        JsonNode unknown = nodes.get(1);
        assertEquals("localhost", unknown.get("host").asText());
        assertTrue(unknown.get("error").asText().contains("is not in " + SSHD.knownHosts()), unknown.toString());
        assertEquals(5, check.exitCode(), "the unreachable node's exit code wins over the drift: " + check);
        assertTrue(check.err().contains("moonlight: localhost: "), check.err());
    }

    @Test
    void dryRunApplyPlansTheNodesCommandsAndChangesNothing() {
        CliRun dry = run("install", "sysctl", "--nodes", "127.0.0.1", "--apply", "--dry-run", "--root",
                root.toString());

        assertEquals(0, dry.exitCode(), dry.toString());
        assertTrue(dry.out().contains("# dry run: would write 127.0.0.1:" + root + "/etc/sysctl.d/90-moonlight.conf\n"),
                dry.out());
        List<String> planned = dry.out().lines().filter(l -> l.startsWith("# dry run: would run 127.0.0.1: sysctl -w "))
                .map(l -> l.substring("# dry run: would run 127.0.0.1: sysctl -w ".length())).toList();
        List<String> differing = new ArrayList<>();
        for (String line : List.of("net.core.rmem_max=26214400", "net.ipv4.udp_rmem_min=16384",
                "net.ipv4.tcp_congestion_control=bbr", "net.core.default_qdisc=fq")) {
            String[] keyValue = line.split("=");
            if (!local(keyValue[0]).equals(keyValue[1])) {
                differing.add(line);
            }
        }
        assertTrue(planned.containsAll(differing), planned + " should hold " + differing);
        assertFalse(Files.exists(root.resolve("etc")));
    }

    @Test
    void badNodeNamesExit2BeforeAnyConnection() {
        for (String bad : List.of("bad name", "a,,b", "node;rm", "127.0.0.1,127.0.0.1")) {
            CliRun run = run("install", "sysctl", "--nodes", bad, "--root", root.toString());
            assertEquals(2, run.exitCode(), bad + ": " + run);
            assertTrue(run.err().startsWith("moonlight: "), run.err());
        }
        assertFalse(Files.exists(root.resolve("etc")));
    }

    /** This host's value of a key, which is the node's: the node is this host. */
    private static String local(String key) {
        return new ProcessCommandRunner().run(ExternalCommand.of("sysctl", "-n", key).asReadOnly()).stdout()
                .strip().replaceAll("\\s+", " ");
    }

    private CliRun run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }
}
