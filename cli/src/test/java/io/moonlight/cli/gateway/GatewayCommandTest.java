package io.moonlight.cli.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.CliRun;
import io.moonlight.cli.UmaskedCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moonlight gateway} in a child JVM, as systemd or an operator runs it: it serves, logs one
 * line per request, and on SIGTERM or Ctrl-C stops cleanly (store closed) leaving no process.
 */
class GatewayCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/api/moonlight/");
    private static final String SECRET = "a-portal-secret-of-at-least-32-bytes!";

    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermThenStopsCleanly() throws Exception {
        stopsCleanlyOn("TERM", 143);
    }

    @Test
    void ctrlCStopsItToo() throws Exception {
        stopsCleanlyOn("INT", 130);
    }

    private void stopsCleanlyOn(String signal, int exitCode) throws Exception {
        Path config = writeConfig();
        Process gateway = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "io.moonlight.cli.Main", "--config", config.toString(), "gateway", "--port", "0", "--signaling-port", "0")
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(gateway.getErrorStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            int port = awaitPort(err, lines);
            Matcher hub = Pattern.compile("signaling hub listening on ws://127\\.0\\.0\\.1:(\\d+)/moonlight/signaling")
                    .matcher(String.join("\n", lines));
            assertTrue(hub.find(), String.join("\n", lines));
            int signalingPort = Integer.parseInt(hub.group(1));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/moonlight/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(err.readLine().matches("\\S+ 127\\.0\\.0\\.1 GET /api/moonlight/healthz 200 [0-9.]+ms"));

            new ProcessBuilder("kill", "-" + signal, String.valueOf(gateway.pid())).start().waitFor();
            assertTrue(gateway.waitFor(20, TimeUnit.SECONDS), "the gateway did not stop on SIG" + signal);
            err.lines().forEach(lines::add);
            assertEquals(exitCode, gateway.exitValue(), String.join("\n", lines));
            assertTrue(lines.get(lines.size() - 1).endsWith("moonlight gateway stopped"), String.join("\n", lines));
            assertFalse(String.join("\n", lines).contains("Exception"), String.join("\n", lines));
            assertEquals(0, gateway.descendants().count());
            assertFalse(Files.exists(dir.resolve("m.db-wal")), "SQLite was closed (its WAL checkpointed away)");
            try (ServerSocket again = new ServerSocket(port); ServerSocket hubAgain = new ServerSocket(signalingPort)) {
                assertEquals(port, again.getLocalPort(), "the port is free again");
                assertEquals(signalingPort, hubAgain.getLocalPort(), "the signaling port is free again");
            }
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void itsDatabaseAndTheFilesBesideItArePrivateWhateverTheUmask() throws Exception {
        Path config = writeConfig();
        Process gateway = UmaskedCli.command("000", "--config", config.toString(), "gateway", "--port", "0",
                "--signaling-port", "0")
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(gateway.getErrorStream(), StandardCharsets.UTF_8))) {
            awaitPort(err, new ArrayList<>());

            for (String name : List.of("m.db", "m.db-wal", "m.db-shm")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))),
                        name + " under umask 000");
            }
        } finally {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
            gateway.destroyForcibly();
        }
    }

    @Test
    void withoutAWayToCheckTokensItRefusesToStart() throws IOException {
        Path config = Files.writeString(dir.resolve("m.yaml"), "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n");
        CliRun run = CliRun.of("--config", config.toString(), "gateway", "--port", "0");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("moonlight: the gateway has no way to check the portal's tokens (hint: set one of "
                + "gateway.jwt.hs256_secret"), run.err());
    }

    @Test
    void aPortInUseIsUnavailable() throws IOException {
        Path config = writeConfig();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("--config", config.toString(), "gateway", "--port", String.valueOf(taken.getLocalPort()),
                    "--signaling-port", "0");
            assertEquals(5, run.exitCode(), run.toString());
            assertTrue(run.err().contains("moonlight: cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.err());
            CliRun hub = CliRun.of("--config", config.toString(), "gateway", "--port", "0",
                    "--signaling-port", String.valueOf(taken.getLocalPort()));
            assertEquals(5, hub.exitCode(), hub.toString());
            assertTrue(hub.err().contains("moonlight: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use (hint: choose another --signaling-port or --bind"), hub.err());
        }
    }

    @Test
    void badPortsAreUsageErrors() throws IOException {
        Path config = writeConfig();
        CliRun vnc = CliRun.of("--config", config.toString(), "gateway", "--port", "8002");
        assertEquals(2, vnc.exitCode(), vnc.toString());
        assertTrue(vnc.err().contains("--port 8002 belongs to the VNC service"), vnc.err());
        CliRun same = CliRun.of("--config", config.toString(), "gateway", "--port", "18100", "--signaling-port", "18100");
        assertEquals(2, same.exitCode(), same.toString());
        assertTrue(same.err().contains("the API and signaling ports are both 18100"), same.err());
    }

    private Path writeConfig() throws IOException {
        return Files.writeString(dir.resolve("m.yaml"), "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + SECRET + "\n");
    }

    private static int awaitPort(BufferedReader err, List<String> lines) throws IOException {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the gateway ended before listening:\n" + String.join("\n", lines));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
