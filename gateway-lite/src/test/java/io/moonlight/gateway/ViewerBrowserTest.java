package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.Share;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.HeadlessChromium;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.gateway.api.SessionRoutes;
import io.moonlight.gateway.api.ShareRoutes;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.auth.SessionTokenAuthenticator;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.Select;

/**
 * The viewer in headless Chromium, served by a real gateway on loopback, joined to a session
 * through a {@link FakeSignalingHub} on the same origin, with the session's agent played by a second
 * browser window (fake-agent.js: a moving canvas as the desktop; what it receives goes to the hub). It
 * checks what the protocol documents and what a user sees: the hello and the offer, the picture,
 * input mapped to the picture, the escape chord, the stats, reconnection with backoff, a second
 * tab taking over, and the desktop's sound with its Mute button and the browsers' autoplay rule.
 */
@ServiceTest
class ViewerBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String USER = "alice";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static SessionStore store;
    private static GatewayServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String page;
    private static String agentScript;
    private FakeSignalingHub hub;
    private Session session;
    private String viewerWindow;
    private String agentWindow;

    @BeforeAll
    static void start() throws IOException {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        try (InputStream script = ViewerBrowserTest.class.getResourceAsStream("fake-agent.js")) {
            agentScript = new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        chromium = HeadlessChromium.start();
        browser = chromium.driver;
    }

    @BeforeEach
    void startGatewayAndAgent() {
        hub = new FakeSignalingHub();
        server = gatewayWith(hub);
        page = "http://127.0.0.1:" + server.port() + "/moonlight/";
        session = new StoredSessions().addReady(store, USER);
        viewerWindow = browser.getWindowHandle();
        agentWindow = browser.switchTo().newWindow(WindowType.WINDOW).getWindowHandle();
        // A page of the gateway's origin (the client's, signed out): Chromium lets it reach the loopback hub.
        browser.get(page);
        browser.executeScript(agentScript, "ws://127.0.0.1:" + server.port() + FakeSignalingHub.PATH, session.id());
        browser.switchTo().window(viewerWindow);
    }

    @AfterEach
    void closeAgentAndGateway() {
        for (String window : browser.getWindowHandles()) {
            if (!window.equals(viewerWindow)) {
                browser.switchTo().window(window).close();
            }
        }
        browser.switchTo().window(viewerWindow);
        browser.get("about:blank");
        server.close();
    }

    @AfterAll
    static void stop() {
        try {
            chromium.close();
        } finally {
            store.close();
        }
    }

    @Test
    void showsTheDesktopAndSendsWhatTheUserDoesToIt() {
        String token = Tokens.hs256(USER, "HPC-Users");
        openViewer(token);

        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        JsonNode hello = hub.fromBrowsers.get(0);
        assertEquals("hello", hello.path("type").asText());
        assertEquals(1, hello.path("version").asInt());
        assertEquals("browser", hello.path("role").asText());
        assertEquals(session.id(), hello.path("session").asText());
        assertEquals(token, hello.path("token").asText());
        assertTrue(chromium.requestedUrls().contains("ws://127.0.0.1:" + server.port() + "/moonlight/signaling"),
                "the WebSocket's URL carries nothing");
        String offer = hub.fromBrowsers.stream().filter(m -> m.path("type").asText().equals("offer"))
                .findFirst().orElseThrow().path("sdp").asText();
        assertTrue(firstVideoCodec(offer).equals("H264"), "H264 is offered first: " + offer);
        assertTrue(hub.fromBrowsers.stream().anyMatch(m -> m.path("type").asText().equals("candidate")),
                "the browser trickles its candidates");
        Await.until("the agent has the input channel", WAIT, () -> !hub.agentReported("channel").isEmpty());
        assertEquals("[{\"label\":\"input\",\"protocol\":\"moonlight.input.v1\",\"ordered\":true}]",
                hub.agentReported("channel").toString());
        assertEquals(640L, browser.executeScript("return document.getElementById('video').videoWidth"));

        WebElement video = browser.findElement(By.id("video"));
        Picture picture = Picture.of(video, 640, 360);
        new Actions(browser).moveToElement(video, picture.offsetX(0.25), picture.offsetY(0.25)).click().perform();
        List<Map<String, Object>> clicked = inputsUntil(inputs -> inputs.stream().anyMatch(isButton(0, false)));
        Map<String, Object> move = clicked.stream().filter(m -> m.get("t").equals("move")).reduce((a, b) -> b).orElseThrow();
        assertEquals(0.25, ((Number) move.get("x")).doubleValue(), 0.01, move.toString());
        assertEquals(0.25, ((Number) move.get("y")).doubleValue(), 0.01, move.toString());
        assertTrue(clicked.stream().anyMatch(isButton(0, true)), clicked.toString());
        assertTrue(browser.findElement(By.id("escape-hint")).isDisplayed(), "clicking the desktop captures the keyboard");

        int before = inputs().size();
        new Actions(browser).moveToElement(video, picture.barX(), picture.barY()).click().perform();
        new Actions(browser).moveToElement(video, 0, 0).perform();
        List<Map<String, Object>> afterBar = inputsUntil(inputs -> inputs.size() > before);
        assertTrue(afterBar.subList(before, afterBar.size()).stream().noneMatch(m -> m.get("t").equals("button")),
                "a click on the bars beside the picture is not a click on the desktop: " + afterBar);

        new Actions(browser).keyDown(Keys.SHIFT).sendKeys("a").keyUp(Keys.SHIFT).perform();
        List<Map<String, Object>> typed = inputsUntil(inputs -> inputs.contains(key("ShiftLeft", false)));
        List<Map<String, Object>> keys = typed.stream().filter(m -> m.get("t").equals("key")).toList();
        assertEquals(List.of(key("ShiftLeft", true), key("KeyA", true), key("KeyA", false), key("ShiftLeft", false)), keys);

        browser.executeScript("const data = new DataTransfer(); data.setData('text/plain', 'grüße\\r\\n日本');"
                + "document.getElementById('keys').dispatchEvent(new ClipboardEvent('paste', {clipboardData: data,"
                + " bubbles: true, cancelable: true}));");
        assertTrue(inputsUntil(inputs -> inputs.contains(Map.of("t", "text", "text", "grüße\n日本"))).size() > 0);

        new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(video), 0, 120).perform();
        inputsUntil(inputs -> inputs.stream().anyMatch(m -> m.get("t").equals("wheel")
                && ((Number) m.get("dy")).intValue() == 120 && ((Number) m.get("mode")).intValue() == 0));

        int beforeChord = inputs().size();
        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).keyDown(Keys.SHIFT).sendKeys(Keys.ESCAPE)
                .keyUp(Keys.SHIFT).keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
        List<Map<String, Object>> chord = inputsUntil(inputs -> inputs.contains(Map.of("t", "release")));
        assertTrue(chord.subList(beforeChord, chord.size()).stream().noneMatch(m -> "Escape".equals(m.get("code"))),
                "the escape chord is never sent: " + chord);
        chromium.waitFor(By.id("escape-hint"), e -> !e.isDisplayed());
        assertEquals("capture", browser.executeScript("return document.activeElement.id"),
                "the capture is left, and the keyboard goes on from its button");

        browser.findElement(By.id("stats-toggle")).click();
        chromium.waitForText(By.cssSelector("[data-stat='resolution']"), t -> t.equals("640x360"));
        chromium.waitForText(By.cssSelector("[data-stat='codec']"), t -> t.equals("H264") || t.equals("VP8"));
        chromium.waitForText(By.cssSelector("[data-stat='fps']"), t -> !t.equals("–") && Double.parseDouble(t) > 0);
        chromium.waitForText(By.cssSelector("[data-stat='bitrateKbps']"), t -> t.endsWith("bit/s"));
    }

    @Test
    void theClipboardGoesBothWaysWhereTheBrowserAllowsIt() {
        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", page.replaceAll("/moonlight/$", ""),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        WebElement video = browser.findElement(By.id("video"));
        new Actions(browser).moveToElement(video).click().perform();

        agentSends("{\"t\":\"clipboard\",\"text\":\"copied on the desktop ✓\\n\"}");
        Await.until("the desktop's copy in the browser's clipboard", WAIT,
                () -> "copied on the desktop ✓\n".equals(browserClipboard()));
        assertFalse(browser.findElement(By.id("copy-from-desktop")).isDisplayed(), "nothing to offer: it was written");

        browser.executeAsyncScript("navigator.clipboard.writeText('copied in the browser').then(arguments[0]);");
        new Actions(browser).moveToElement(video).click().keyDown(Keys.CONTROL).sendKeys("v").keyUp(Keys.CONTROL).perform();
        List<Map<String, Object>> pasted = inputsUntil(inputs -> inputs.contains(key("KeyV", false)));
        int clipboard = pasted.indexOf(Map.of("t", "clipboard", "text", "copied in the browser"));
        assertTrue(clipboard >= 0 && clipboard < pasted.indexOf(key("KeyV", true)),
                "the browser's clipboard reaches the desktop before the paste's keys: " + pasted);

        browser.executeAsyncScript("navigator.clipboard.writeText('x'.repeat(300 * 1024)).then(arguments[0]);");
        new Actions(browser).moveToElement(video).click().keyDown(Keys.CONTROL).sendKeys("v").keyUp(Keys.CONTROL).perform();
        chromium.waitForText(By.id("notice"), t -> t.startsWith("The clipboard holds more than the desktop takes (256 KiB)"));
        List<Map<String, Object>> tooLarge = inputsUntil(inputs -> inputs.stream().filter(key("KeyV", false)::equals).count() == 2);
        assertEquals(1, tooLarge.stream().filter(m -> m.get("t").equals("clipboard")).count(),
                "a clipboard over 256 KiB is not sent, the paste's keys are: " + tooLarge);

        // Where the browser refuses to write (here: told to, as an unfocused page would be), a click copies.
        browser.executeScript("navigator.clipboard.writeText = () => Promise.reject(new DOMException('not focused'));");
        agentSends("{\"t\":\"clipboard\",\"text\":\"a second copy\"}");
        WebElement offer = chromium.waitFor(By.id("copy-from-desktop"), WebElement::isDisplayed);
        browser.executeScript("delete navigator.clipboard.writeText;"); // the click is allowed
        offer.click();
        Await.until("the offered copy in the browser's clipboard", WAIT, () -> "a second copy".equals(browserClipboard()));
        chromium.waitFor(By.id("copy-from-desktop"), e -> !e.isDisplayed());
    }

    /** Sends a message as the agent on the viewer's input channel. */
    private void agentSends(String message) {
        browser.switchTo().window(agentWindow);
        browser.executeScript("window.inputChannel.send(arguments[0]);", message);
        browser.switchTo().window(viewerWindow);
    }

    private String browserClipboard() {
        return (String) browser.executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('refused: ' + e.message));");
    }

    @Test
    void theDesktopsSoundPlaysWithThePictureAndMuteIsAKeyboardButtonRememberedByTheBrowser() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        String offer = hub.agentReported("offer").get(0).asText();
        assertTrue(offer.matches("(?s).*m=audio .*a=recvonly.*"), offer);
        assertEquals(1L, browser.executeScript("return document.getElementById('video').srcObject.getAudioTracks().length"));
        assertTrue(chromium.loudestSound("video", Duration.ofSeconds(1)) > 0.05, "the tone is heard in the page");
        assertEquals(false, browser.executeScript("return document.getElementById('video').muted"));
        WebElement toggle = chromium.waitForText(By.id("sound-toggle"), "Mute"::equals);

        toggle.sendKeys(Keys.ENTER);

        chromium.waitForText(By.id("sound-toggle"), "Unmute"::equals);
        assertEquals(true, browser.executeScript("return document.getElementById('video').muted"));
        assertEquals("true", browser.executeScript("return localStorage.getItem('moonlight.muted')"));

        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        chromium.waitForText(By.id("sound-toggle"), "Unmute"::equals).click();
        chromium.waitForText(By.id("sound-toggle"), "Mute"::equals);
        assertEquals(false, browser.executeScript("return document.getElementById('video').muted"));
        assertEquals("false", browser.executeScript("return localStorage.getItem('moonlight.muted')"));
        assertEquals("", browser.findElement(By.id("sound-hint")).getText());
    }

    @Test
    void aBrowserThatRefusesSoundBeforeAClickStartsMutedSaysSoAndPlaysTheSoundAfterTheFirstClick() throws IOException {
        // The default policy of a browser the user has not interacted with (the tests' Chromium allows sound).
        try (HeadlessChromium strict = HeadlessChromium.start("--autoplay-policy=document-user-activation-required")) {
            ChromeDriver viewer = strict.driver;
            viewer.get(page + "?session=" + session.id() + "#token=" + Tokens.hs256(USER, "HPC-Users"));
            strict.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
            strict.waitForText(By.id("sound-hint"), "Sound is off: click to hear the desktop."::equals);
            assertEquals("Unmute", viewer.findElement(By.id("sound-toggle")).getText());
            assertEquals(true, viewer.executeScript("return document.getElementById('video').muted"));
            assertEquals(false, viewer.executeScript("return document.getElementById('video').paused"),
                    "the picture plays, muted");

            viewer.findElement(By.id("viewer-title")).click();

            strict.waitForText(By.id("sound-toggle"), "Mute"::equals);
            assertEquals(false, viewer.executeScript("return document.getElementById('video').muted"));
            assertEquals("", viewer.findElement(By.id("sound-hint")).getText());
        }
    }

    @Test
    void releasesWhatIsHeldWhenTheDesktopLosesTheFocusAndKeepsBackAndForwardOnIt() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        WebElement video = browser.findElement(By.id("video"));
        new Actions(browser).moveToElement(video).click().keyDown(Keys.SHIFT).perform();
        inputsUntil(inputs -> inputs.contains(key("ShiftLeft", true)));

        browser.findElement(By.id("stats-toggle")).click();

        List<Map<String, Object>> left = inputsUntil(inputs -> inputs.contains(Map.of("t", "release")));
        assertTrue(left.indexOf(Map.of("t", "release")) > left.indexOf(key("ShiftLeft", true)), left.toString());
        chromium.waitFor(By.id("escape-hint"), e -> !e.isDisplayed());
        new Actions(browser).keyUp(Keys.SHIFT).perform();

        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence backAndForward = new Sequence(mouse, 0)
                .addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(video), 0, 0))
                .addAction(mouse.createPointerDown(PointerInput.MouseButton.BACK.asArg()))
                .addAction(mouse.createPointerUp(PointerInput.MouseButton.BACK.asArg()))
                .addAction(mouse.createPointerDown(PointerInput.MouseButton.FORWARD.asArg()))
                .addAction(mouse.createPointerUp(PointerInput.MouseButton.FORWARD.asArg()))
                .addAction(mouse.createPointerDown(PointerInput.MouseButton.RIGHT.asArg()))
                .addAction(mouse.createPointerUp(PointerInput.MouseButton.RIGHT.asArg()));
        browser.perform(List.of(backAndForward));

        List<Map<String, Object>> clicked = inputsUntil(inputs -> inputs.stream().anyMatch(isButton(2, false)));
        for (int button : new int[] {3, 4, 2}) {
            assertTrue(clicked.stream().anyMatch(isButton(button, true)) && clicked.stream().anyMatch(isButton(button, false)),
                    "button " + button + ": " + clicked);
        }
        assertFalse(clicked.contains(key("ShiftLeft", false)), "a key released by the page is not released twice");
        assertEquals(page + "?session=" + session.id(), browser.getCurrentUrl(), "back and forward stay on the desktop");
    }

    @Test
    void comesBackOnItsOwnAfterTheGatewayRestartsWithTheDocumentedBackoff() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected"));
        int offers = hub.agentReported("offer").size();
        hub.refuseBrowsers(3);

        Instant dropped = Instant.now();
        hub.dropAll(1012);

        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connection lost; connecting again in"));
        Await.until("the agent's new offer", WAIT, () -> hub.agentReported("offer").size() > offers);
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        List<Instant> hellos = hub.browserHellos.subList(1, hub.browserHellos.size());
        assertEquals(4, hellos.size(), hellos.toString());
        List<Long> waits = new ArrayList<>();
        Instant last = dropped;
        for (Instant hello : hellos) {
            waits.add(Duration.between(last, hello).toMillis());
            last = hello;
        }
        long[] expected = {500, 1000, 2000, 4000};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(waits.get(i) >= expected[i] * 0.9 && waits.get(i) < expected[i] + 1500,
                    "waits between attempts " + waits + ", expected about " + Arrays.toString(expected));
        }
    }

    @Test
    void aSecondTabTakesTheSessionOverAndTheFirstStopsTrying() {
        String token = Tokens.hs256(USER, "HPC-Users");
        openViewer(token);
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected"));

        String second = browser.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        browser.get(page + "?session=" + session.id() + "#token=" + token);
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected"));
        browser.switchTo().window(viewerWindow);

        chromium.waitForText(By.id("connection"), t -> t.equals("This session was opened in another tab; this tab stopped showing it."));
        assertTrue(browser.findElement(By.id("reconnect")).isDisplayed());
        long hellos = hub.browserHelloCount();
        sleep(Duration.ofSeconds(3));
        assertEquals(hellos, hub.browserHelloCount(), "the replaced tab does not reconnect on its own");
        browser.switchTo().window(second);
        assertTrue(browser.findElement(By.id("connection")).getText().startsWith("Connected"));
    }

    @Test
    void aShareLinksViewerSeesTheDesktopWithALabelAndSendsNoInput() {
        hub.welcomeViewersOf("carol");
        String share = "0123456789abcdef0123456789abcdef";
        browser.get(page + "?session=" + session.id() + "&share=" + share + "#token=" + Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        assertEquals(share, hub.fromBrowsers.get(0).path("share").asText(), "the hello carries the link's share");
        assertEquals("View only — carol's desktop", browser.findElement(By.id("view-only")).getText());
        for (String control : List.of("capture", "lock-pointer", "paste-form")) {
            assertFalse(browser.findElement(By.id(control)).isDisplayed(), control + " is shown to a viewer");
        }
        Await.until("the agent has the input channel", WAIT, () -> !hub.agentReported("channel").isEmpty());

        WebElement video = browser.findElement(By.id("video"));
        Picture picture = Picture.of(video, 640, 360);
        new Actions(browser).moveToElement(video, picture.offsetX(0.5), picture.offsetY(0.5)).click().perform();
        new Actions(browser).sendKeys("a").scrollByAmount(0, 300).perform();
        sleep(Duration.ofSeconds(1));
        assertEquals(List.of(), inputs(), "a viewer's page sends no input");
        assertFalse(browser.findElement(By.id("escape-hint")).isDisplayed(), "a viewer's click captures nothing");

        hub.closeBrowser(4410);
        chromium.waitForText(By.id("connection"),
                t -> t.equals("The share link was revoked, replaced by a new one, or has expired."));
    }

    @Test
    void aShareLinkWhoseViewersAreAllThereSaysSo() {
        hub.welcomeViewersOf("carol");
        browser.get(page + "?session=" + session.id() + "&share=0123456789abcdef0123456789abcdef#token="
                + Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        hub.closeBrowser(4403, "the share link of session " + session.id() + " lets 2 viewers watch at once, and they all do");
        chromium.waitForText(By.id("connection"), t -> t.equals("The share link of session " + session.id()
                + " lets 2 viewers watch at once, and they all do."));
    }

    @Test
    void theOwnerMakesCopiesAndRevokesAShareLinkAndSeesWhoWatches() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        assertFalse(browser.findElement(By.id("view-only")).isDisplayed());
        browser.findElement(By.id("share-toggle")).click();
        new Select(browser.findElement(By.id("share-expiry"))).selectByValue("30m");
        WebElement max = browser.findElement(By.id("share-max"));
        max.clear();
        max.sendKeys("3");
        browser.findElement(By.cssSelector("#share-form button[type=submit]")).click();
        chromium.waitForText(By.id("share-result"), t -> t.startsWith("A new link"));
        Share share = store.get(session.id()).orElseThrow().share().orElseThrow();
        assertEquals(3, share.maxViewers());
        assertEquals("https://localhost/moonlight/?session=" + session.id() + "&share=" + share.id(),
                browser.findElement(By.id("share-link")).getAttribute("value"));

        hub.toBrowser("{\"type\":\"watchers\",\"viewers\":[{\"user\":\"dave\",\"since\":\"2026-03-02T10:00:00Z\"}]}");
        chromium.waitForText(By.id("share-watchers"), t -> t.startsWith("dave since "));
        assertFalse(browser.findElement(By.id("share-nobody")).isDisplayed());

        browser.findElement(By.id("share-revoke")).click();
        chromium.waitForText(By.id("share-result"), t -> t.startsWith("Revoked"));
        assertEquals(Optional.empty(), store.get(session.id()).orElseThrow().share());
        assertFalse(browser.findElement(By.id("share-current")).isDisplayed());
    }

    @Test
    void freshIceServersFromTheHubAreUsedForTheNextPeerConnection() {
        // Every peer connection the page makes records the configuration it was made with.
        Map<String, Object> hook = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.peerConfigurations = [];
                const Made = RTCPeerConnection;
                window.RTCPeerConnection = function (configuration, ...rest) {
                    window.peerConfigurations.push(JSON.stringify(configuration.iceServers));
                    return new Made(configuration, ...rest);
                };
                window.RTCPeerConnection.prototype = Made.prototype;"""));
        try {
            openViewer(Tokens.hs256(USER, "HPC-Users"));
            chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected"));
            assertEquals(List.of("[]"), browser.executeScript("return window.peerConfigurations"), "the welcome's servers");

            hub.toBrowser("{\"type\":\"ice-servers\",\"iceServers\":[{\"urls\":[\"turn:127.0.0.1:3478?transport=udp\"],"
                    + "\"username\":\"1800000000:alice\",\"credential\":\"renewed\"}]}");
            hub.toBrowser("{\"type\":\"agent-joined\"}");
            Await.until("a second peer connection", WAIT, () -> ((List<?>) browser.executeScript(
                    "return window.peerConfigurations")).size() == 2);
            assertEquals("[{\"urls\":[\"turn:127.0.0.1:3478?transport=udp\"],\"username\":\"1800000000:alice\","
                    + "\"credential\":\"renewed\"}]", ((List<?>) browser.executeScript("return window.peerConfigurations")).get(1));
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", hook.get("identifier")));
        }
    }

    @Test
    void aTokenTheHubRefusesShowsTheSignIn() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected"));

        hub.closeBrowser(4401);

        chromium.waitForText(By.id("sign-in-message"), t -> t.startsWith("Your sign-in expired or was refused."));
        assertFalse(browser.findElement(By.id("viewer")).isDisplayed());
    }

    /** The session's desktop as its browser_url opens it, with the portal's token in the fragment. */
    private void openViewer(String token) {
        browser.get(page + "?session=" + session.id() + "#token=" + token);
        assertEquals(page + "?session=" + session.id(), browser.getCurrentUrl());
    }

    private static GatewayServer gatewayWith(FakeSignalingHub hub) {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        SiteSessionService sessions = SiteSessions.over(config, store);
        RateLimits limits = new RateLimits(config.gateway().rateLimit(), Clock.systemUTC());
        AccessGuard guard = new AccessGuard(JwtAuthenticator.from(config.gateway()), new SessionTokenAuthenticator(store),
                false, limits);
        return GatewayServer.start(new GatewayOptions("127.0.0.1", 0, 0), new ClientAddress(List.of()), limits, guard,
                new GatewayMetrics(), new RequestLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()),
                List.of(new SessionRoutes(sessions.lookup(), sessions.launcher(), sessions.stopper(), sessions.pairing(),
                        false), new ShareRoutes(sessions.sharing(false)), hub), noSignaling -> { });
    }

    /** The encoding name of the first payload type on the offer's video line. */
    private static String firstVideoCodec(String sdp) {
        Matcher line = Pattern.compile("m=video \\d+ \\S+ (\\d+)").matcher(sdp);
        assertTrue(line.find(), sdp);
        Matcher map = Pattern.compile("a=rtpmap:" + line.group(1) + " ([^/]+)/").matcher(sdp);
        assertTrue(map.find(), sdp);
        return map.group(1);
    }

    @Test
    void theDesktopsSizeFollowsTheWindowUntilTurnedOff() {
        openViewer(Tokens.hs256(USER, "HPC-Users"));
        chromium.waitForText(By.id("connection"), t -> t.startsWith("Connected 640x360"));
        assertEquals(stageInDevicePixels(), lastResize(inputsUntil(inputs -> inputs.stream().anyMatch(isResize()))),
                "the stage's size, once connected");

        Dimension window = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(window.getWidth() - 200, window.getHeight() - 100));
        List<Long> smaller = stageInDevicePixels();
        assertEquals(smaller, lastResize(inputsUntil(inputs -> smaller.equals(lastResize(inputs)))));

        browser.findElement(By.id("fit-to-window")).click();
        assertEquals("false", browser.findElement(By.id("fit-to-window")).getAttribute("aria-pressed"));
        long asked = inputs().stream().filter(isResize()).count();
        browser.manage().window().setSize(window);
        sleep(Duration.ofMillis(1500));
        assertEquals(asked, inputs().stream().filter(isResize()).count(), "no resize once turned off");
        browser.findElement(By.id("fit-to-window")).click();
    }

    /** The stage's size in device pixels, as the page asks for it: [width, height]. */
    @SuppressWarnings("unchecked")
    private List<Long> stageInDevicePixels() {
        return (List<Long>) browser.executeScript("const box = document.getElementById('stage').getBoundingClientRect();"
                + " return [Math.round(box.width * devicePixelRatio), Math.round(box.height * devicePixelRatio)];");
    }

    private static Predicate<Map<String, Object>> isResize() {
        return m -> m.get("t").equals("resize");
    }

    /** [width, height] of the last resize among the messages; null when none. */
    private static List<Long> lastResize(List<Map<String, Object>> inputs) {
        return inputs.stream().filter(isResize()).reduce((a, b) -> b)
                .map(m -> List.of(((Number) m.get("width")).longValue(), ((Number) m.get("height")).longValue()))
                .orElse(null);
    }

    /** The input messages the agent received, in order. */
    private List<Map<String, Object>> inputs() {
        return hub.agentReported("input").stream().map(ViewerBrowserTest::asMap).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode message) {
        return JSON.convertValue(message, Map.class);
    }

    /** The agent's input messages once they satisfy the condition. */
    private List<Map<String, Object>> inputsUntil(Predicate<List<Map<String, Object>>> condition) {
        Instant end = Instant.now().plus(WAIT);
        List<Map<String, Object>> inputs = inputs();
        while (!condition.test(inputs)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("the agent never received what was expected: " + inputs);
            }
            sleep(Duration.ofMillis(100));
            inputs = inputs();
        }
        return inputs;
    }

    private static Map<String, Object> key(String code, boolean down) {
        return Map.of("t", "key", "code", code, "down", down);
    }

    private static Predicate<Map<String, Object>> isButton(int button, boolean down) {
        return m -> m.get("t").equals("button") && ((Number) m.get("button")).intValue() == button
                && m.get("down").equals(down);
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Where a picture of the given size sits in the video element (object-fit: contain), as offsets
     * from the element's centre the way Selenium's moveToElement takes them.
     */
    private record Picture(double boxWidth, double boxHeight, double width, double height) {
        static Picture of(WebElement video, int videoWidth, int videoHeight) {
            double w = video.getRect().getWidth();
            double h = video.getRect().getHeight();
            double scale = Math.min(w / videoWidth, h / videoHeight);
            return new Picture(w, h, videoWidth * scale, videoHeight * scale);
        }

        int offsetX(double fraction) {
            return (int) Math.round((fraction - 0.5) * width);
        }

        int offsetY(double fraction) {
            return (int) Math.round((fraction - 0.5) * height);
        }

        /** A point on the bars: beside the picture when the box is wider, above it when taller. */
        int barX() {
            return boxWidth - width > 8 ? (int) -(boxWidth / 2 - 2) : 0;
        }

        int barY() {
            return boxWidth - width > 8 ? 0 : (int) -(boxHeight / 2 - 2);
        }
    }
}
