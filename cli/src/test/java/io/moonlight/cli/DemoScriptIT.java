package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, {@code scripts/demo}, as a user runs it (here with the release tarball the
 * build made, from a shell with umask 000): it prints the gateway's URL and a token, the gateway shows
 * the demo's session READY to that token, a second session started through the API as the printed
 * curl line does becomes READY, no file in its prefix that other local users can read holds the token
 * or the gateway's secret (the database and the gateway's log and configuration are root's alone), and
 * Ctrl-C (SIGINT) stops everything: both sessions, no process of the demo is left, the prefix is gone.
 */
class DemoScriptIT {
    private static final Pattern GATEWAY = Pattern.compile("(?m)^gateway: (http://127\\.0\\.0\\.1:\\d+/api/moonlight/)$");
    private static final Pattern BROWSER = Pattern.compile(
            "(?m)^browser: (http://127\\.0\\.0\\.1:\\d+)/moonlight/\\?session=(\\S+)#token=(\\S+)$");
    private static final Pattern TOKEN = Pattern.compile("(?m)^token: (\\S+)$");
    private static final Pattern PREFIX = Pattern.compile("(/tmp/moonlight-demo\\.[A-Za-z0-9]+)");

    @TempDir
    Path dir;

    @Test
    void printsUrlAndTokenShowsTheSessionReadyAndCtrlCLeavesNothing() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process demo = new ProcessBuilder("/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\"",
                repo.resolve("scripts/demo").toString(), "--tarball", System.getProperty("moonlight.tarball"))
                .directory(repo.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        String prefix = null;
        try {
            String printed = awaitToken(demo, out, err);
            prefix = match(PREFIX, Files.readString(err)).orElseThrow();
            String url = match(GATEWAY, printed).orElseThrow();
            String token = match(TOKEN, printed).orElseThrow();

            HttpResponse<String> sessions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "sessions")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sessions.statusCode(), sessions.body());
            JsonNode list = new ObjectMapper().readTree(sessions.body()).get("sessions");
            assertEquals(1, list.size(), sessions.body());
            JsonNode session = list.get(0);
            assertEquals("demo", session.get("user").asText());
            assertEquals("READY", session.get("state").asText(), sessions.body());
            assertTrue(printed.contains(session.get("id").asText()), "the session's details are printed:\n" + printed);
            Matcher browser = BROWSER.matcher(printed);
            assertTrue(browser.find(), "one browser URL is printed:\n" + printed);
            assertEquals(url.replace("/api/moonlight/", ""), browser.group(1));
            assertEquals(session.get("id").asText(), browser.group(2));
            assertEquals(token, browser.group(3), "the URL signs in as demo");
            assertTrue(printed.contains("browser:          " + browser.group(1) + "/moonlight/?session=" + browser.group(2)),
                    "session show names the same page:\n" + printed);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(browser.group(1) + "/moonlight/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<video"), "the URL's page is the web client's viewer");
            if (!onPath("sunshine")) {
                assertFalse(session.get("sunshine").asBoolean(), "no Sunshine here: " + sessions.body());
                assertTrue(printed.contains("moonlight:        - (no Sunshine on this host: supervisor.sunshine is empty"),
                        "session show says so:\n" + printed);
            }
            String second = startThroughTheApi(url, token);
            assertNothingOthersCanReadHolds(Path.of(prefix), token, secret(Path.of(prefix, "gateway.yaml")));
            for (String own : List.of("gateway.yaml", "gateway.log", "state/moonlight.db", "state/moonlight.db-wal",
                    "state/moonlight.db-shm")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(prefix, own))),
                        own);
            }

            new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
            assertTrue(demo.waitFor(90, TimeUnit.SECONDS), "the demo did not stop on Ctrl-C:\n" + Files.readString(err));
            String log = Files.readString(err);
            assertEquals(130, demo.exitValue(), log);
            assertTrue(log.contains("stopping session " + session.get("id").asText()), "the first session was stopped:\n" + log);
            assertTrue(log.contains("stopping session " + second), "the session started through the API too:\n" + log);
            assertTrue(log.contains("no process of the demo is left"), log);
            assertEquals(List.of(), leftOver(prefix), "processes of the demo after Ctrl-C");
            assertFalse(Files.exists(Path.of(prefix)), "the prefix is removed");
        } finally {
            // After a failed assertion the demo still runs: its own Ctrl-C path stops the sessions, whose
            // jobs are no descendants of it once the CLI that started them has ended.
            if (demo.isAlive()) {
                new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
                demo.waitFor(90, TimeUnit.SECONDS);
            }
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    /**
     * Every file under {@code prefix} that another local user can read (readable by others, in
     * directories they can enter) holds neither the token nor the secret.
     */
    private static void assertNothingOthersCanReadHolds(Path prefix, String token, String secret) throws IOException {
        List<String> readable = new ArrayList<>();
        Files.walkFileTree(prefix, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return othersMay(dir, PosixFilePermission.OTHERS_EXECUTE) ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && othersMay(file, PosixFilePermission.OTHERS_READ)) {
                    readable.add(prefix.relativize(file).toString());
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(token), file + " holds the token and others can read it");
                    assertFalse(content.contains(secret), file + " holds the gateway's secret and others can read it");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(readable.contains("moonlight.yaml"), "the session's configuration is the user's to read: " + readable);
    }

    private static boolean othersMay(Path path, PosixFilePermission permission) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions()
                .contains(permission);
    }

    private static String secret(Path gatewayYaml) throws IOException {
        return match(Pattern.compile("(?m)^    hs256_secret: (\\S+)$"), Files.readString(gatewayYaml)).orElseThrow();
    }

    /** Starts a second session as the printed curl line does, and waits until the gateway shows it READY. */
    private static String startThroughTheApi(String url, String token) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "sessions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"geometry\":\"1024x768\",\"hours\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = new ObjectMapper().readTree(created.body()).get("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String state = "";
        while (!state.equals("READY") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            HttpResponse<String> shown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "sessions/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            state = new ObjectMapper().readTree(shown.body()).get("state").asText();
        }
        assertEquals("READY", state, "the session started through the API");
        return id;
    }

    /** Waits (at most 4 minutes: install check, unpack, gateway, session to READY) for the token line. */
    private static String awaitToken(Process demo, Path out, Path err) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            String printed = Files.readString(out);
            if (TOKEN.matcher(printed).find()) {
                return printed;
            }
            if (!demo.isAlive()) {
                fail("the demo ended with " + demo.exitValue() + ":\n" + printed + Files.readString(err));
            }
            Thread.sleep(500);
        }
        fail("no token within 4 minutes:\n" + Files.readString(out) + Files.readString(err));
        return null;
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static Optional<String> match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Every process whose command line names the prefix or whose environment carries a demo session's id. */
    private static List<String> leftOver(String prefix) {
        String marker = "MOONLIGHT_SESSION_ID=ml-demo-";
        return ProcessHandle.allProcesses().filter(p -> {
            Path proc = Path.of("/proc", String.valueOf(p.pid()));
            try {
                String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                return cmdline.contains(prefix) || List.of(environ.split("\0")).stream().anyMatch(e -> e.startsWith(marker));
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }
}
