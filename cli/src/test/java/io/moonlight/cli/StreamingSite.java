package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.HeadlessChromium;
import io.moonlight.core.testing.ImagesXorgConfig;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A site with the browser path for tests and benchmarks: the release build unpacked in a prefix every
 * local user can read, the portal's nginx on TLS with the blocks of {@code install nginx}, the gateway
 * (or several, which nginx lists all of) over Redis, sessions of a local user on Xvfb under the local scheduler (each with its agent), and
 * headless Chromium opening sessions' browser URLs through nginx.
 */
final class StreamingSite implements AutoCloseable {
    static final String USER = "mlview";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);

    /** A started session: its id, X display and directory. */
    record Session(String id, String display, Path dir) {
        String desktopLog() {
            return read(dir.resolve("logs/desktop.out"));
        }

        String agentLog() {
            return read(dir.resolve("logs/agent.out"));
        }

        /** The agent's process (its command line names the session). */
        ProcessHandle agent() {
            return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of)
                    .filter(a -> a.contains("agent") && a.contains(id)).isPresent())
                    .findFirst().orElseThrow(() -> new AssertionError("no agent of " + id));
        }

        /** Starts playing loud noise into the session's own sound server, as a program of the desktop would. */
        Process playNoise(Duration length) throws IOException {
            ProcessBuilder pacat = new ProcessBuilder("sh", "-c", "head -c " + 192_000 * length.toSeconds()
                    + " /dev/urandom | pacat --raw --format=s16le --rate=48000 --channels=2")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pacat.environment().put("PULSE_SERVER", "unix:" + dir.resolve("pulse"));
            return pacat.start();
        }

        void paintRoot(String colour) throws IOException, InterruptedException {
            run(List.of("xsetroot", "-solid", colour), x());
        }

        /** Copies {@code text} on the desktop as an X client does: xclip owns CLIPBOARD until another client takes it. */
        void copy(String text) throws IOException, InterruptedException {
            ProcessBuilder xclip = new ProcessBuilder("xclip", "-selection", "clipboard", "-i")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            xclip.environment().putAll(x());
            Process owner = xclip.start();
            try (var in = owner.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            // xclip forks a child that serves the selection; the parent exits once it owns it.
            assertEquals(0, owner.waitFor());
        }

        /** The X screen's size, WIDTHxHEIGHT, as xdpyinfo reports it. */
        String screenSize() throws IOException, InterruptedException {
            Matcher size = Pattern.compile("dimensions:\\s+(\\d+x\\d+) pixels").matcher(run(List.of("xdpyinfo"), x()));
            return size.find() ? size.group(1) : "unknown";
        }

        /** The desktop's CLIPBOARD as a pasting X client reads it. */
        String clipboard() throws IOException, InterruptedException {
            return run(List.of("xclip", "-selection", "clipboard", "-o"), x());
        }

        private Map<String, String> x() {
            return Map.of("DISPLAY", display, "XAUTHORITY", dir.resolve("Xauthority").toString());
        }
    }

    final Path dir;
    final Path moonlight;
    final NginxTestPrefix portal;
    final HeadlessChromium chromium;
    final String token;
    private final RedisServer redis;
    private final Process nginx;
    /** Each gateway's API and signaling port; the first is the configuration's, the one sessions' agents use. */
    private final List<int[]> gatewayPorts;
    private final int httpsPort;
    private final List<String> sessions = new ArrayList<>();
    private final Process[] gateways;

    private StreamingSite(Path dir, Path moonlight, NginxTestPrefix portal, RedisServer redis, Process nginx,
            List<int[]> gatewayPorts, int httpsPort, HeadlessChromium chromium, String token) {
        this.dir = dir;
        this.moonlight = moonlight;
        this.portal = portal;
        this.redis = redis;
        this.nginx = nginx;
        this.gatewayPorts = gatewayPorts;
        this.gateways = new Process[gatewayPorts.size()];
        this.httpsPort = httpsPort;
        this.chromium = chromium;
        this.token = token;
    }

    /** {@code desktop}: the sessions' desktop, a shell script's lines. */
    static StreamingSite start(String desktop) throws Exception {
        return start(desktop, 1);
    }

    /**
     * {@code gatewayCount} gateways on one Redis behind nginx. nginx lists the first (the sessions'
     * agents connect to it directly) last: with its one worker, nginx's round robin sends the first
     * browser connection to another gateway than the agent's.
     */
    static StreamingSite start(String desktop, int gatewayCount) throws Exception {
        return start(desktop, gatewayCount, "xvfb");
    }

    /** {@code xServer}: {@code xvfb}, or {@code xorg} with the images' dummy-driver configuration. */
    static StreamingSite start(String desktop, int gatewayCount, String xServer) throws Exception {
        return start(desktop, gatewayCount, xServer, false);
    }

    /**
     * {@code nodesThroughPortal}: the sessions' supervisors and agents reach the gateways through
     * nginx's TLS portal ({@code supervisor.gateway_url}), as a site with several gateways sets it, their
     * JVMs trusting the portal's certificate; else they reach the first gateway directly.
     */
    static StreamingSite start(String desktop, int gatewayCount, String xServer, boolean nodesThroughPortal)
            throws Exception {
        // The session's job runs the release as the user: the prefix is readable by all.
        Path dir = Files.createTempDirectory("moonlight-browser-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("tar", "-xzf", System.getProperty("moonlight.tarball"), "-C", dir.toString()), Map.of());
        Path moonlight;
        try (var releases = Files.list(dir)) {
            moonlight = releases.filter(p -> p.getFileName().toString().startsWith("moonlight-")).findFirst()
                    .orElseThrow().resolve("bin/moonlight");
        }
        LocalUsers.ensure(USER);
        RedisServer redis = RedisServer.start(Files.createDirectory(dir.resolve("redis")));
        List<int[]> gatewayPorts = new ArrayList<>();
        for (int i = 0; i < gatewayCount; i++) {
            gatewayPorts.add(new int[] {RedisServer.freePort(), RedisServer.freePort()});
        }
        int apiPort = gatewayPorts.get(0)[0];
        int signalingPort = gatewayPorts.get(0)[1];
        int httpsPort = RedisServer.freePort();
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        run(List.of("chmod", "1777", scratch.toString()), Map.of());
        Files.createDirectory(dir.resolve("state"));
        Path script = dir.resolve("desktop");
        Files.writeString(script, "#!/bin/sh\n" + desktop);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        NginxTestPrefix portal = NginxTestPrefix.create(Files.createDirectory(dir.resolve("nginx")));
        String config = """
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
                  max_per_user: 10
                supervisor:
                  runtime: host
                  x_server: %9$s
                  xorg_config: %10$s
                  desktop: [%1$s/desktop]
                  sunshine: []
                  heartbeat_seconds: 5
                nginx:
                  conf: %4$s
                  main_conf: %5$s
                gateway:
                  bind: 127.0.0.1
                  api_port: %6$d
                  signaling_port: %7$d
                  public_url: https://127.0.0.1:%8$d
                """.formatted(dir, redis.port(), moonlight, portal.portalConf(), portal.mainConf(), apiPort,
                signalingPort, httpsPort, xServer, ImagesXorgConfig.writeTo(dir.resolve("xorg-dummy.conf")));
        if (nodesThroughPortal) {
            config = config.replace("  launcher: " + moonlight + "\n", "  launcher: " + trustingLauncher(dir, moonlight, portal) + "\n")
                    .replace("supervisor:\n", "supervisor:\n  gateway_url: https://127.0.0.1:" + httpsPort + "\n");
        }
        if (gatewayCount > 1) {
            List<String> listed = new ArrayList<>();
            for (int i = gatewayCount - 1; i >= 0; i--) {
                listed.add("\"127.0.0.1:" + gatewayPorts.get(i)[0] + ":" + gatewayPorts.get(i)[1] + "\"");
            }
            config = config.replace("nginx:\n", "nginx:\n  gateways: [" + String.join(", ", listed) + "]\n");
        }
        Files.writeString(dir.resolve("job.yaml"), config);
        Files.setPosixFilePermissions(dir.resolve("job.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("gateway.yaml"), config + "  jwt:\n    hs256_secret: "
                + "browser-streaming-test-secret-of-32-bytes\n");

        ml(moonlight, dir, "install", "nginx");
        Files.writeString(portal.portalConf(), portal.portalText()
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl;"));
        Process nginx = portal.start(httpsPort);
        String token = ml(moonlight, dir, "gateway", "token", "--user", USER, "--groups", "HPC-Users", "--hours", "2")
                .strip();
        HeadlessChromium chromium = HeadlessChromium.start("--ignore-certificate-errors");
        // Every page of this tab keeps the web client's data channels where a test can reach them.
        chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.moonlightInputChannels = [];
                const create = RTCPeerConnection.prototype.createDataChannel;
                RTCPeerConnection.prototype.createDataChannel = function (...args) {
                    const channel = create.apply(this, args);
                    window.moonlightInputChannels.push(channel);
                    return channel;
                };"""));
        StreamingSite site = new StreamingSite(dir, moonlight, portal, redis, nginx, gatewayPorts, httpsPort, chromium,
                token);
        for (int i = 0; i < gatewayCount; i++) {
            site.startGateway(i);
        }
        return site;
    }

    /** A launcher that runs {@code moonlight} in a JVM trusting the portal's self-signed certificate. */
    private static Path trustingLauncher(Path dir, Path moonlight, NginxTestPrefix portal)
            throws IOException, InterruptedException {
        Path trust = dir.resolve("portal-trust.p12");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "portal", "-file", portal.dir().resolve("certs/portal.crt").toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", "moonlight"), Map.of());
        Files.setPosixFilePermissions(trust, PosixFilePermissions.fromString("rw-r--r--"));
        Path launcher = dir.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\nMOONLIGHT_JAVA_OPTS='-Djavax.net.ssl.trustStore=" + trust
                + " -Djavax.net.ssl.trustStorePassword=moonlight' exec " + moonlight + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** Starts a session of {@link #USER} and waits until it is READY. */
    Session startSession(String geometry, int fps) throws IOException, InterruptedException {
        JsonNode started = JSON.readTree(ml("session", "start", "--user", USER, "--geometry", geometry,
                "--fps", String.valueOf(fps), "--hours", "1", "--wait", "--json"));
        sessions.add(started.get("id").asText());
        return new Session(started.get("id").asText(), ":" + started.get("display").asInt(),
                Path.of(started.get("session_dir").asText()));
    }

    void stopSession(Session session) throws IOException, InterruptedException {
        ml("session", "stop", session.id());
        sessions.remove(session.id());
    }

    /** The session's browser URL opened in the tab; returns when the picture is in the page at the session's size. */
    void openViewer(Session session, int width, int height) {
        chromium.driver.get(browserUrl(session));
        Await.until("the desktop's picture at " + width + "x" + height + " in the page", WAIT,
                () -> Boolean.TRUE.equals(chromium.driver.executeScript(
                "const v = document.getElementById('video');"
                        + " return v.videoWidth === arguments[0] && v.videoHeight === arguments[1] && v.currentTime > 0;",
                width, height)));
    }

    String browserUrl(Session session) {
        return origin() + "/moonlight/?session=" + session.id() + "#token=" + token;
    }

    /** The colour (red, green, blue) of the picture at a fraction of its width and height. */
    List<Long> colourAt(double x, double y) {
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
        return rgb;
    }

    void awaitColour(double x, double y, int red, int green, int blue) {
        Await.until("the colour " + red + "," + green + "," + blue + " in the picture", WAIT, () -> {
            List<Long> rgb = colourAt(x, y);
            return Math.abs(rgb.get(0) - red) < 40 && Math.abs(rgb.get(1) - green) < 40 && Math.abs(rgb.get(2) - blue) < 40;
        });
    }

    /** Clicks the video at a fraction of the desktop (the picture fills the video's box, centred, its aspect kept). */
    void clickVideoAt(double x, double y) {
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

    /** Stops the (first) gateway (SIGTERM) and starts it again on the same ports. */
    void restartGateway() throws IOException, InterruptedException {
        stopGateway(0);
        startGateway(0);
    }

    /** Stops gateway {@code index} (SIGTERM), as systemd does. */
    void stopGateway(int index) throws InterruptedException {
        gateways[index].destroy();
        if (!gateways[index].waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway " + index + " did not stop on SIGTERM");
        }
    }

    private void startGateway(int index) throws IOException {
        gateways[index] = new ProcessBuilder(moonlight.toString(), "--config", dir.resolve("gateway.yaml").toString(),
                "gateway", "--port", String.valueOf(gatewayPorts.get(index)[0]),
                "--signaling-port", String.valueOf(gatewayPorts.get(index)[1]))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(gatewayLogFile(index).toFile()))
                .start();
        Await.until("gateway " + index + "'s /healthz", WAIT, () -> {
            try {
                return get(index, "/api/moonlight/healthz").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    String gatewayLog() {
        return gatewayLog(0);
    }

    String gatewayLog(int index) {
        return read(gatewayLogFile(index));
    }

    /** Whether gateway {@code index}'s log says that a {@code who} ("agent", "browser of USER") joined the session. */
    boolean joined(int index, String who, Session session) {
        return Pattern.compile("signaling: " + Pattern.quote(who) + " p-[0-9a-f]{16} joined " + Pattern.quote(session.id()))
                .matcher(gatewayLog(index)).find();
    }

    private Path gatewayLogFile(int index) {
        return dir.resolve(index == 0 ? "gateway.log" : "gateway-" + index + ".log");
    }

    /** nginx's access log (the test prefix's). */
    String nginxAccessLog() {
        return read(portal.dir().resolve("logs/access.log"));
    }

    /** A series' value in the gateway's /metrics (0 when absent). */
    double metric(String series) {
        try {
            String body = get("/api/moonlight/metrics").body();
            Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
            return value.find() ? Double.parseDouble(value.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        return get(0, path);
    }

    private HttpResponse<String> get(int gateway, String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gatewayPorts.get(gateway)[0] + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The portal's origin, as its pages send it. */
    String origin() {
        return "https://127.0.0.1:" + httpsPort;
    }

    /** A signaling URL through nginx, with {@code query} appended. */
    URI signalingUrl(String query) {
        return URI.create("wss://127.0.0.1:" + httpsPort + "/moonlight/signaling" + query);
    }

    String ml(String... args) throws IOException, InterruptedException {
        return ml(moonlight, dir, args);
    }

    @Override
    public void close() throws Exception {
        chromium.close();
        for (String id : List.copyOf(sessions)) {
            ml("session", "stop", id);
        }
        List<Process> processes = new ArrayList<>(List.of(gateways));
        processes.add(nginx);
        for (Process process : processes) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        redis.close();
        run(List.of("rm", "-rf", dir.toString()), Map.of());
    }

    private static String ml(Path moonlight, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(moonlight.toString(), "--config", dir.resolve("gateway.yaml").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
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

    static String read(Path file) {
        try {
            // ISO-8859-1: xev prints the raw bytes of what it looked up, which need not be UTF-8.
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
