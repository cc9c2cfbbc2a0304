package io.moonlight.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its own chromedriver through Selenium with no network
 * (Selenium Manager never runs), in a fresh profile that {@link #close()} removes. It records the
 * DevTools network events, so a test can read every URL the page asked for.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final String BROWSER = "/usr/lib/chromium/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    public final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** {@code extraArguments}: more of Chromium's flags, e.g. --ignore-certificate-errors for a test's own TLS. */
    public static HeadlessChromium start(String... extraArguments) throws IOException {
        for (String file : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: run scripts/install-test-deps (Debian chromium, chromium-driver)");
            }
        }
        Path profile = Files.createTempDirectory("moonlight-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--autoplay-policy=no-user-gesture-required",
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--window-size=1280,900",
                // A window in the background (a second tab, a test's stand-in agent) keeps its timers and video.
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding");
        options.addArguments(extraArguments);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .withEnvironment(Map.of("SE_OFFLINE", "true"))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            removeProfile(profile);
            throw e;
        }
    }

    /** The URLs of every request (HTTP and WebSocket) the browser made since the last call. */
    public List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode message = read(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(message.path("params").path("url").asText());
            }
        }
        return urls;
    }

    /** The first element found that satisfies the condition, waited for up to 20 s. */
    public WebElement waitFor(By what, Predicate<WebElement> condition) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(what).stream().filter(condition).findFirst().orElse(null));
        } catch (TimeoutException e) {
            String shown = driver.findElements(what).stream().map(WebElement::getText).toList().toString();
            throw new AssertionError(what + " never showed as expected (shows " + shown + "); console: " + console(), e);
        }
    }

    public WebElement waitForText(By what, Predicate<String> condition) {
        return waitFor(what, e -> condition.test(e.getText()));
    }

    /**
     * The loudest sample (0-1) the media element with id {@code elementId} plays during {@code listen},
     * read from its stream with the Web Audio API: what a user would hear, muted or not.
     */
    public double loudestSound(String elementId, Duration listen) {
        Object peak = driver.executeAsyncScript(String.join("\n",
                "const [id, millis, done] = arguments;",
                "const context = new AudioContext();",
                "const analyser = context.createAnalyser();",
                "context.createMediaStreamSource(document.getElementById(id).srcObject).connect(analyser);",
                "const samples = new Float32Array(analyser.fftSize);",
                "let peak = 0;",
                "const started = performance.now();",
                "const listen = () => {",
                "  analyser.getFloatTimeDomainData(samples);",
                "  samples.forEach((s) => { peak = Math.max(peak, Math.abs(s)); });",
                "  if (performance.now() - started < millis) { setTimeout(listen, 50); } else { context.close(); done(peak); }",
                "};",
                "listen();"), elementId, listen.toMillis());
        return ((Number) peak).doubleValue();
    }

    /** What the page logged to its console since the last call (errors show why a page did not work). */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            removeProfile(profile);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("chromedriver logged a line that is not JSON: " + json, e);
        }
    }

    private static void removeProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A profile left in /tmp harms nothing.
        }
    }
}
