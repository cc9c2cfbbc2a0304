package io.moonlight.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    private static final Pattern LINE = Pattern.compile("(PASS|WARN|FAIL)  \\S.*");

    @TempDir
    Path dir;

    @Test
    void everyLineIsAVerdictAndAnyFailureExitsOne() throws Exception {
        CliRun run = CliRun.of("--config", config().toString(), "doctor");
        assertEquals(1, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().allMatch(l -> LINE.matcher(l).matches()), run.out());
        assertTrue(lines.get(0).startsWith("PASS  java"), lines.get(0));
        String store = lines.stream().filter(l -> l.contains(" store ")).findFirst().orElseThrow();
        assertTrue(store.startsWith("PASS") && store.contains(dir.resolve("m.db").toString()), store);
        String gateway = lines.stream().filter(l -> l.contains(" gateway ")).findFirst().orElseThrow();
        assertTrue(gateway.startsWith("FAIL") && gateway.contains("-> start it with 'moonlight gateway'"), gateway);
    }

    /** The store's own check and the store itself find the same file for a path under ~. */
    @Test
    void aStorePathUnderTheHomeDirectoryIsCheckedWhereTheStoreOpensIt() throws Exception {
        Path file = Files.writeString(dir.resolve("home.yaml"), "store:\n  sqlite_path: ~/moonlight-doctor-test.db\n");

        CliRun run = CliRun.of("--config", file.toString(), "doctor");

        String store = run.out().lines().filter(l -> l.contains(" store ")).findFirst().orElseThrow();
        assertEquals("PASS  store SQLite " + Path.of(System.getProperty("user.home"), "moonlight-doctor-test.db")
                + " (created on first start)", store.replaceAll(" +", " ").replace("PASS ", "PASS  "));
    }

    @Test
    void jsonListsEveryCheckWithStatusAndHint() throws Exception {
        CliRun run = CliRun.of("--config", config().toString(), "doctor", "--json");
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertTrue(results.isArray() && results.size() >= 10, run.out());
        for (JsonNode result : results) {
            assertTrue(List.of("PASS", "WARN", "FAIL").contains(result.get("status").asText()), result.toString());
            assertTrue(result.has("check") && result.has("summary") && result.has("hint"), result.toString());
        }
    }

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("moonlight.yaml"), "store:\n  sqlite_path: " + dir.resolve("m.db")
                + "\ngateway:\n  api_port: 18999\n  signaling_port: 18998\nturn:\n  config_file: " + dir.resolve("t.conf")
                + "\nnginx:\n  conf: " + dir.resolve("portal.conf") + "\n  main_conf: " + dir.resolve("nginx.conf") + "\n");
    }
}
