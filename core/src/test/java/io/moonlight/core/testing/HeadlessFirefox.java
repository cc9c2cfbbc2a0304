package io.moonlight.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Firefox ESR, headless, driven through WebDriver BiDi, the protocol Firefox speaks itself
 * (no geckodriver: Debian has none, and no network to fetch one), in a fresh profile that
 * {@link #close()} removes. Enough of the protocol for the web client's tests: navigate, evaluate a
 * script, click at a point of the page. Certificates are not checked (the tests' nginx has its own).
 */
public final class HeadlessFirefox implements AutoCloseable {
    private static final String BROWSER = "/usr/bin/firefox-esr";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** No first-run pages, no network of its own, media allowed to play without a gesture. */
    private static final String PREFS = """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.aboutwelcome.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("app.update.disabledForTesting", true);
            user_pref("media.autoplay.default", 0);
            user_pref("media.gmp-manager.updateEnabled", false);
            user_pref("network.captive-portal-service.enabled", false);
            """;
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String context;

    private HeadlessFirefox(Process process, Path profile, String url) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url + "/session"), new Replies()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        send("session.new", JSON.createObjectNode().set("capabilities",
                JSON.createObjectNode().set("alwaysMatch", JSON.createObjectNode().put("acceptInsecureCerts", true))));
        this.context = send("browsingContext.getTree", JSON.createObjectNode()).path("contexts").path(0).path("context").asText();
    }

    public static HeadlessFirefox start() throws Exception {
        if (!Files.isExecutable(Path.of(BROWSER))) {
            throw new IllegalStateException(BROWSER + " is missing: run scripts/install-test-deps (Debian firefox-esr)");
        }
        Path profile = Files.createTempDirectory("moonlight-firefox-");
        Files.writeString(profile.resolve("user.js"), PREFS);
        Process process = new ProcessBuilder(BROWSER, "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        url.complete(listening.group(1));
                    }
                }
                url.completeExceptionally(new IllegalStateException("Firefox ended without opening WebDriver BiDi"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "firefox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessFirefox(process, profile, url.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            delete(profile);
            throw e;
        }
    }

    /** Loads the page and waits for its load event. */
    public void navigate(String url) throws Exception {
        send("browsingContext.navigate", JSON.createObjectNode().put("context", context).put("url", url).put("wait", "complete"));
    }

    /**
     * Runs a function body in the page, as Selenium's executeScript does ({@code return} gives the
     * value; a promise is awaited), and returns BiDi's remote value of it ({@code type}, {@code value}).
     */
    public JsonNode evaluate(String body) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", "(async () => {" + body + "})()")
                .put("awaitPromise", true);
        params.putObject("target").put("context", context);
        JsonNode result = send("script.evaluate", params);
        if (result.path("type").asText().equals("exception")) {
            throw new IllegalStateException("the page threw: " + result.path("exceptionDetails").path("text").asText());
        }
        return result.path("result");
    }

    /** True when the function body returns the boolean true. */
    public boolean isTrue(String body) throws Exception {
        return evaluate(body).path("value").asBoolean(false);
    }

    /** A real click (trusted input) at a point of the page's viewport, in CSS pixels. */
    public void clickAt(int x, int y) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("context", context);
        ObjectNode mouse = params.putArray("actions").addObject().put("type", "pointer").put("id", "mouse");
        mouse.putObject("parameters").put("pointerType", "mouse");
        mouse.putArray("actions")
                .add(JSON.createObjectNode().put("type", "pointerMove").put("x", x).put("y", y))
                .add(JSON.createObjectNode().put("type", "pointerDown").put("button", 0))
                .add(JSON.createObjectNode().put("type", "pointerUp").put("button", 0));
        send("input.performActions", params);
    }

    private JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(JSON.writeValueAsString(command), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.path("error").asText() + ": " + answer.path("message").asText());
        }
        return answer.path("result");
    }

    /** Matches each reply to its command by id; events are not asked for and would be ignored. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> reply = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(message);
                    }
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .sorted(Comparator.comparing(ProcessHandle::pid).reversed()).forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        delete(profile);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp profile left behind is no reason to fail the test that used it.
        }
    }
}
