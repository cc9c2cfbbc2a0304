package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.HeadlessChromium;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * The browser path end to end, as a user meets it: the release unpacked, the portal's nginx with
 * the blocks of {@code install nginx} on TLS, the gateway over Redis, a session of a local user on
 * Xvfb under the local scheduler with its agent, and headless Chromium opening the session's browser
 * URL through nginx. The session's desktop is {@code xev} in the top-left quarter (it prints every key
 * and button it gets to the session's desktop log) over a coloured root window. Everything is checked
 * where a user would see it: the picture in the page, the events on the X side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserStreamingIT {
    private static final String USER = "mlview";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path dir;
    private static Path moonlight;
    private static RedisServer redis;
    private static NginxTestPrefix portal;
    private static Process nginx;
    private static Process gateway;
    private static HeadlessChromium chromium;
    private static int apiPort;
    private static int signalingPort;
    private static int httpsPort;
    private static String sessionId;
    private static String display;
    private static Path sessionDir;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        // The session's job runs the release as the user: the prefix is readable by all.
        dir = Files.createTempDirectory("moonlight-browser-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("tar", "-xzf", System.getProperty("moonlight.tarball"), "-C", dir.toString()), Map.of());
        try (var releases = Files.list(dir)) {
            moonlight = releases.filter(p -> p.getFileName().toString().startsWith("moonlight-")).findFirst()
                    .orElseThrow().resolve("bin/moonlight");
        }
        LocalUsers.ensure(USER);
        redis = RedisServer.start(Files.createDirectory(dir.resolve("redis")));
        apiPort = RedisServer.freePort();
        signalingPort = RedisServer.freePort();
        httpsPort = RedisServer.freePort();
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        run(List.of("chmod", "1777", scratch.toString()), Map.of());
        Files.createDirectory(dir.resolve("state"));
        Path desktop = dir.resolve("desktop");
        Files.writeString(desktop, """
                #!/bin/sh
                xsetroot -solid '#204080'
                exec xev -geometry 640x360+0+0 -event keyboard -event mouse
                """);
        Files.setPosixFilePermissions(desktop, PosixFilePermissions.fromString("rwxr-xr-x"));
        portal = NginxTestPrefix.create(Files.createDirectory(dir.resolve("nginx")));
        String site = """
                paths:
                  session_root: %1$s/scratch
                  state_dir: %1$s/state
                store:
                  type: redis
                  redis:
                    port: %2$d
                sessions:
                  scheduler: local
                  launcher: %3$s
                  job_config: %1$s/job.yaml
                supervisor:
                  runtime: host
                  x_server: xvfb
                  desktop: [%1$s/desktop]
                  sunshine: []
                  heartbeat_seconds: 5
                nginx:
                  conf: %4$s
                  main_conf: %5$s
                """.formatted(dir, redis.port(), moonlight, portal.portalConf(), portal.mainConf());
        String gatewaySection = """
                gateway:
                  bind: 127.0.0.1
                  api_port: %d
                  signaling_port: %d
                  public_url: https://127.0.0.1:%d
                """.formatted(apiPort, signalingPort, httpsPort);
        Files.writeString(dir.resolve("job.yaml"), site + gatewaySection);
        Files.setPosixFilePermissions(dir.resolve("job.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("gateway.yaml"), site + gatewaySection + "  jwt:\n    hs256_secret: "
                + "browser-streaming-test-secret-of-32-bytes\n");

        ml("install", "nginx");
        Files.writeString(portal.portalConf(), portal.portalText()
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl;"));
        nginx = portal.start(httpsPort);
        startGateway();
        JsonNode started = JSON.readTree(ml("session", "start", "--user", USER, "--geometry", "1280x720", "--hours", "1",
                "--wait", "--json"));
        sessionId = started.get("id").asText();
        display = ":" + started.get("display").asInt();
        sessionDir = Path.of(started.get("session_dir").asText());
        token = ml("gateway", "token", "--user", USER, "--groups", "HPC-Users", "--hours", "1").strip();
        chromium = HeadlessChromium.start("--ignore-certificate-errors");
        // Every page of this tab keeps the web client's data channels where the malformed-input test finds them.
        chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.moonlightInputChannels = [];
                const create = RTCPeerConnection.prototype.createDataChannel;
                RTCPeerConnection.prototype.createDataChannel = function (...args) {
                    const channel = create.apply(this, args);
                    window.moonlightInputChannels.push(channel);
                    return channel;
                };"""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (sessionId != null) {
            ml("session", "stop", sessionId);
        }
        for (Process process : new Process[] {gateway, nginx}) {
            if (process != null) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (redis != null) {
            redis.close();
        }
        run(List.of("rm", "-rf", dir.toString()), Map.of());
    }

    @Test
    @Order(1)
    void theDesktopArrivesAtItsGeometryAndFollowsTheDisplay() throws Exception {
        openViewer();
        assertFalse(chromium.driver.getCurrentUrl().contains(token), "the token leaves the address bar");
        awaitColour(0.9, 0.9, 0x20, 0x40, 0x80);

        paintRoot("#c03020");

        awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
    }

    @Test
    @Order(2)
    void aKeyATypedTextAndAClickReachTheDesktopsXClient() throws Exception {
        openViewer();
        clickVideoAt(0.25, 0.25);
        await(() -> desktopLog().contains("ButtonPress event"), "the click on xev's window");
        new Actions(chromium.driver).sendKeys("a").perform();
        await(() -> desktopLog().contains("keysym 0x61, a)"), "the key a");

        WebElement text = chromium.driver.findElement(By.id("paste-text"));
        text.sendKeys("h\u00e9llo \u2713");
        text.submit();

        await(() -> desktopLog().contains("keysym 0xe9, eacute)") && desktopLog().contains("keysym 0x1002713, U2713)"),
                "the typed text, with a character the keymap lacks");
    }

    @Test
    @Order(3)
    void closingTheTabReleasesAHeldKey() throws Exception {
        String first = chromium.driver.getWindowHandle();
        chromium.driver.switchTo().newWindow(WindowType.TAB);
        openViewer();
        clickVideoAt(0.25, 0.25);
        int releasesBefore = count(desktopLog(), "KeyRelease event");
        new Actions(chromium.driver).keyDown(Keys.SHIFT).perform();
        await(() -> desktopLog().contains("keysym 0xffe1, Shift_L"), "Shift held down");

        chromium.driver.close();
        chromium.driver.switchTo().window(first);

        await(() -> count(desktopLog(), "KeyRelease event") > releasesBefore, "Shift released after the tab closed");
    }

    @Test
    @Order(4)
    void aTokenInTheUrlIsRefusedAndNeverLogged() throws Exception {
        assertEquals(400, refusedUpgrade("?token=" + token, origin()));
        assertFalse(Files.readString(dir.resolve("gateway.log")).contains(token), "the gateway never logs the token");
    }

    @Test
    @Order(5)
    void anotherUsersTokenCannotJoinTheSession() throws Exception {
        String others = ml("gateway", "token", "--user", "mlother", "--groups", "HPC-Users", "--hours", "1").strip();
        Signaling socket = Signaling.open(origin());
        socket.send(hello(others));
        assertEquals(4403, socket.closeCode());
    }

    @Test
    @Order(6)
    void aPageFromAnotherOriginIsRefused() throws Exception {
        assertEquals(403, refusedUpgrade("", "https://elsewhere.example"));
    }

    @Test
    @Order(7)
    void malformedSignalingAndInputMessagesAreDroppedAndCounted() throws Exception {
        double signalingBefore = metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}");
        Signaling socket = Signaling.open(origin());
        socket.send(hello(token));
        socket.send("{\"type\":\"offer\"}");
        socket.send("not json at all");
        await(() -> metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}") >= signalingBefore + 2,
                "the two malformed signaling messages counted");
        socket.close();

        openViewer();
        await(() -> Boolean.TRUE.equals(chromium.driver.executeScript(
                "return window.moonlightInputChannels.some(c => c.readyState === 'open')")), "the input channel open");
        double inputBefore = metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}");
        for (String bad : List.of("{\"t\":\"move\",\"x\":7,\"y\":0}", "{\"t\":\"key\"}", "[1,2]", "{\"t\":\"warp\"}")) {
            chromium.driver.executeScript("window.moonlightInputChannels.filter(c => c.readyState === 'open')"
                    + ".forEach(c => c.send(arguments[0]))", bad);
        }
        await(() -> metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}") >= inputBefore + 4,
                "the four malformed input messages counted by the agent, reported through the hub");
    }

    @Test
    @Order(8)
    void theAgentSurvivesTheBrowserReconnectingTenTimes() throws Exception {
        long agent = agentPid();
        for (int i = 0; i < 10; i++) {
            openViewer();
        }
        awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
        assertEquals(agent, agentPid(), "the same agent served every connection");
        assertFalse(agentLog().contains("starting it again"), agentLog());
    }

    @Test
    @Order(9)
    void aGatewayRestartedMidStreamIsRecoveredWithoutTheUser() throws Exception {
        openViewer();
        awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
        int agentConnections = count(agentLog(), "signaling: connected");

        gateway.destroy();
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
        startGateway();

        await(() -> count(agentLog(), "signaling: connected") > agentConnections, "the agent rejoins the hub");
        paintRoot("#30c040");
        awaitColour(0.9, 0.9, 0x30, 0xc0, 0x40);
    }

    // The page, the display and the logs.

    private static void openViewer() {
        chromium.driver.get("https://127.0.0.1:" + httpsPort + "/moonlight/?session=" + sessionId + "#token=" + token);
        await(() -> Boolean.TRUE.equals(chromium.driver.executeScript(
                "const v = document.getElementById('video');"
                        + " return v.videoWidth === 1280 && v.videoHeight === 720 && v.currentTime > 0;")),
                "the desktop's picture at 1280x720 in the page (console: " + chromium.console() + ")");
    }

    private static void awaitColour(double x, double y, int red, int green, int blue) {
        await(() -> {
            @SuppressWarnings("unchecked")
            List<Long> rgb = (List<Long>) chromium.driver.executeScript("""
                    const v = document.getElementById('video');
                    const c = document.createElement('canvas');
                    c.width = v.videoWidth;
                    c.height = v.videoHeight;
                    const g = c.getContext('2d');
                    g.drawImage(v, 0, 0);
                    const d = g.getImageData(Math.floor(arguments[0] * c.width), Math.floor(arguments[1] * c.height), 1, 1).data;
                    return [d[0], d[1], d[2]];""", x, y);
            return Math.abs(rgb.get(0) - red) < 40 && Math.abs(rgb.get(1) - green) < 40 && Math.abs(rgb.get(2) - blue) < 40;
        }, "the colour " + red + "," + green + "," + blue + " in the picture");
    }

    /** Clicks the video at a fraction of the desktop (the picture fills the video's box, centred, its aspect kept). */
    private static void clickVideoAt(double x, double y) {
        WebElement video = chromium.driver.findElement(By.id("video"));
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) chromium.driver.executeScript("""
                const v = arguments[0];
                const r = v.getBoundingClientRect();
                const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
                return {width: r.width, height: r.height, picW: v.videoWidth * scale, picH: v.videoHeight * scale};""",
                video);
        double width = box.get("width").doubleValue();
        double height = box.get("height").doubleValue();
        double left = (width - box.get("picW").doubleValue()) / 2 + x * box.get("picW").doubleValue();
        double top = (height - box.get("picH").doubleValue()) / 2 + y * box.get("picH").doubleValue();
        new Actions(chromium.driver).moveToElement(video, (int) (left - width / 2), (int) (top - height / 2)).click()
                .perform();
    }

    private static void paintRoot(String colour) throws IOException, InterruptedException {
        run(List.of("xsetroot", "-solid", colour), Map.of("DISPLAY", display,
                "XAUTHORITY", sessionDir.resolve("Xauthority").toString()));
    }

    private static String desktopLog() {
        return read(sessionDir.resolve("logs/desktop.out"));
    }

    private static String agentLog() {
        return read(sessionDir.resolve("logs/agent.out"));
    }

    private static long agentPid() {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of)
                .filter(a -> a.contains("agent") && a.contains(sessionId)).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no agent of " + sessionId)).pid();
    }

    // The gateway and the hub.

    private static void startGateway() throws IOException, InterruptedException {
        gateway = new ProcessBuilder(moonlight.toString(), "--config", dir.resolve("gateway.yaml").toString(), "gateway")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gateway.log").toFile()))
                .start();
        await(() -> {
            try {
                return get("/api/moonlight/healthz").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, "the gateway's /healthz");
    }

    private static double metric(String series) {
        try {
            String body = get("/api/moonlight/metrics").body();
            Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
            return value.find() ? Double.parseDouble(value.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String origin() {
        return "https://127.0.0.1:" + httpsPort;
    }

    private static String hello(String jwt) {
        return JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", "browser")
                .put("session", sessionId).put("token", jwt).toString();
    }

    /** The HTTP status nginx and the hub refuse a WebSocket upgrade with. */
    private static int refusedUpgrade(String query, String origin) {
        try {
            Signaling.open(query, origin).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was not refused");
    }

    /** A signaling connection through nginx, as a page of {@code origin} opens it. */
    private record Signaling(WebSocket socket, CompletableFuture<Integer> closed) {
        static Signaling open(String origin) {
            return open("", origin);
        }

        static Signaling open(String query, String origin) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newBuilder().sslContext(portal.clientTls()).build().newWebSocketBuilder().header("Origin", origin)
                    .buildAsync(URI.create("wss://127.0.0.1:" + httpsPort + "/moonlight/signaling" + query),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                                    closed.complete(code);
                                    return null;
                                }
                            }).join();
            return new Signaling(socket, closed);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        int closeCode() throws Exception {
            return closed.get(10, TimeUnit.SECONDS);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    // Plumbing.

    private static String ml(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(moonlight.toString(), "--config",
                dir.resolve("gateway.yaml").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out
                + new String(err.join(), StandardCharsets.UTF_8));
        return out;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static String read(Path file) {
        try {
            // ISO-8859-1: xev prints the raw bytes of what it looked up, which need not be UTF-8.
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
