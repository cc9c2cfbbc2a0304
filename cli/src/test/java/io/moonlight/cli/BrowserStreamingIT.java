package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.HeadlessFirefox;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
 * The browser path end to end, as a user meets it ({@link StreamingSite}: the release, nginx's TLS
 * portal with the blocks of {@code install nginx}, the gateway over Redis, a session's agent on Xvfb,
 * headless Chromium through nginx, and Firefox last). The session's desktop is {@code xev} in the
 * top-left quarter (it prints every key and button it gets to the session's desktop log) over a
 * coloured root window; what the session plays into its own sound server is heard in the page, and
 * the desktop's clipboard and the page's go both ways.
 * Everything is checked where a user would see it: the picture in the page, the events on the X side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserStreamingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StreamingSite site;
    private static StreamingSite.Session session;

    @BeforeAll
    static void start() throws Exception {
        site = StreamingSite.start("""
                xsetroot -solid '#204080'
                exec xev -geometry 640x360+0+0 -event keyboard -event mouse
                """);
        session = site.startSession("1280x720", 60);
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void theDesktopArrivesAtItsGeometryAndFollowsTheDisplay() throws Exception {
        openViewer();
        assertFalse(site.chromium.driver.getCurrentUrl().contains(site.token), "the token leaves the address bar");
        site.awaitColour(0.9, 0.9, 0x20, 0x40, 0x80);

        session.paintRoot("#c03020");

        site.awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
    }

    @Test
    @Order(2)
    void whatTheDesktopPlaysIsHeardInThePage() throws Exception {
        openViewer();
        assertTrue(session.agentLog().contains(", sound from unix:" + session.dir().resolve("pulse")),
                session.agentLog() + StreamingSite.read(session.dir().resolve("logs/pulseaudio.out")));
        assertTrue(site.chromium.loudestSound("video", Duration.ofMillis(500)) < 0.01, "silence before");

        Process noise = session.playNoise(Duration.ofSeconds(10));
        try {
            Await.until("the desktop's sound in the page", WAIT,
                    () -> site.chromium.loudestSound("video", Duration.ofMillis(500)) > 0.1);
        } finally {
            noise.destroy();
        }
    }

    @Test
    @Order(3)
    void aKeyATypedTextAndAClickReachTheDesktopsXClient() throws Exception {
        openViewer();
        site.clickVideoAt(0.25, 0.25);
        Await.until("the click on xev's window", WAIT, () -> session.desktopLog().contains("ButtonPress event"));
        new Actions(site.chromium.driver).sendKeys("a").perform();
        Await.until("the key a", WAIT, () -> session.desktopLog().contains("keysym 0x61, a)"));

        WebElement text = site.chromium.driver.findElement(By.id("paste-text"));
        text.sendKeys("h\u00e9llo \u2713");
        text.submit();

        Await.until("the typed text, with a character the keymap lacks", WAIT,
                () -> session.desktopLog().contains("keysym 0xe9, eacute)")
                && session.desktopLog().contains("keysym 0x1002713, U2713)"));
    }

    @Test
    @Order(4)
    void closingTheTabReleasesAHeldKey() throws Exception {
        String first = site.chromium.driver.getWindowHandle();
        site.chromium.driver.switchTo().newWindow(WindowType.TAB);
        openViewer();
        site.clickVideoAt(0.25, 0.25);
        int releasesBefore = count(session.desktopLog(), "KeyRelease event");
        new Actions(site.chromium.driver).keyDown(Keys.SHIFT).perform();
        Await.until("Shift held down", WAIT, () -> session.desktopLog().contains("keysym 0xffe1, Shift_L"));

        site.chromium.driver.close();
        site.chromium.driver.switchTo().window(first);

        Await.until("Shift released after the tab closed", WAIT,
                () -> count(session.desktopLog(), "KeyRelease event") > releasesBefore);
    }

    @Test
    @Order(5)
    void aTokenInTheUrlIsRefusedAndNeverLogged() {
        assertEquals(400, refusedUpgrade("?token=" + site.token, site.origin()));
        assertFalse(site.gatewayLog().contains(site.token), "the gateway never logs the token");
        assertFalse(site.nginxAccessLog().contains(site.token), "nginx never logs the token");
        assertTrue(site.nginxAccessLog().contains("/moonlight/"), "nginx logs the page's other requests");
    }

    @Test
    @Order(6)
    void anotherUsersTokenCannotJoinTheSession() throws Exception {
        String others = site.ml("gateway", "token", "--user", "mlother", "--groups", "HPC-Users", "--hours", "1").strip();
        Signaling socket = Signaling.open(site, "", site.origin());
        socket.send(hello(others));
        assertEquals(4403, socket.closeCode());
    }

    @Test
    @Order(7)
    void aPageFromAnotherOriginIsRefused() {
        assertEquals(403, refusedUpgrade("", "https://elsewhere.example"));
    }

    @Test
    @Order(8)
    void malformedSignalingAndInputMessagesAreDroppedAndCounted() {
        double signalingBefore = site.metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}");
        Signaling socket = Signaling.open(site, "", site.origin());
        socket.send(hello(site.token));
        socket.send("{\"type\":\"offer\"}");
        socket.send("not json at all");
        Await.until("the two malformed signaling messages counted", WAIT,
                () -> site.metric("moonlight_signaling_messages_dropped_total{reason=\"malformed\"}") >= signalingBefore + 2);
        socket.close();

        openViewer();
        Await.until("the input channel open", WAIT, () -> Boolean.TRUE.equals(site.chromium.driver.executeScript(
                "return window.moonlightInputChannels.some(c => c.readyState === 'open')")));
        double inputBefore = site.metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}");
        for (String bad : List.of("{\"t\":\"move\",\"x\":7,\"y\":0}", "{\"t\":\"key\"}", "[1,2]", "{\"t\":\"warp\"}")) {
            site.chromium.driver.executeScript("window.moonlightInputChannels.filter(c => c.readyState === 'open')"
                    + ".forEach(c => c.send(arguments[0]))", bad);
        }
        Await.until("the four malformed input messages counted by the agent, reported through the hub", WAIT,
                () -> site.metric("moonlight_input_messages_dropped_total{reason=\"malformed\"}") >= inputBefore + 4);
    }

    @Test
    @Order(9)
    void theAgentSurvivesTheBrowserReconnectingTenTimes() {
        long agent = session.agent().pid();
        for (int i = 0; i < 10; i++) {
            openViewer();
        }
        site.awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
        assertEquals(agent, session.agent().pid(), "the same agent served every connection");
        assertFalse(session.agentLog().contains("starting it again"), session.agentLog());
    }

    @Test
    @Order(10)
    void aGatewayRestartedMidStreamIsRecoveredWithoutTheUser() throws Exception {
        openViewer();
        site.awaitColour(0.9, 0.9, 0xc0, 0x30, 0x20);
        int agentConnections = count(session.agentLog(), "signaling: connected");

        site.restartGateway();

        Await.until("the agent rejoins the hub", WAIT,
                () -> count(session.agentLog(), "signaling: connected") > agentConnections);
        session.paintRoot("#30c040");
        site.awaitColour(0.9, 0.9, 0x30, 0xc0, 0x40);
    }

    @Test
    @Order(11)
    void firefoxShowsTheDesktopAndItsClickReachesTheXClient() throws Exception {
        try (HeadlessFirefox firefox = HeadlessFirefox.start()) {
            firefox.navigate(site.browserUrl(session));
            Await.until("the desktop's picture at 1280x720 in Firefox", WAIT, () -> inFirefox(firefox,
                    "const v = document.getElementById('video');"
                            + " return v.videoWidth === 1280 && v.videoHeight === 720 && v.currentTime > 0;"));
            int clicks = count(session.desktopLog(), "ButtonPress event");
            JsonNode centre = firefox.evaluate("const r = document.getElementById('video').getBoundingClientRect();"
                    + " return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];").path("value");
            firefox.clickAt(centre.path(0).path("value").asInt(), centre.path(1).path("value").asInt());
            Await.until("Firefox's click on xev's window", WAIT,
                    () -> count(session.desktopLog(), "ButtonPress event") > clicks);
        }
    }

    @Test
    @Order(11)
    void aShareLinksViewerWatchesItsInputNeverReachesTheDesktopAndARevokeCutsItOff() throws Exception {
        String link = JSON.readTree(site.ml("session", "share", session.id(), "--max-viewers", "2", "--json"))
                .get("url").asText();
        String others = site.ml("gateway", "token", "--user", "mlother", "--groups", "HPC-Users", "--hours", "1").strip();
        site.chromium.driver.get(link + "#token=" + others);
        Await.until("the desktop's picture in the viewer's page", WAIT, () -> Boolean.TRUE.equals(site.chromium.driver
                .executeScript("const v = document.getElementById('video'); return v.videoWidth === 1280 && v.currentTime > 0;")));
        assertEquals("View only — " + StreamingSite.USER + "'s desktop",
                site.chromium.driver.findElement(By.id("view-only")).getText());

        // The page sends nothing; a page that does anyway (its own script) is refused by the agent.
        Await.until("the viewer's input channel open", WAIT, () -> Boolean.TRUE.equals(site.chromium.driver.executeScript(
                "return window.moonlightInputChannels.some(c => c.readyState === 'open')")));
        int keys = count(session.desktopLog(), "KeyPress event");
        int clicks = count(session.desktopLog(), "ButtonPress event");
        double refused = site.metric("moonlight_input_messages_dropped_total{reason=\"viewer\"}");
        for (String input : List.of("{\"t\":\"move\",\"x\":0.25,\"y\":0.25}", "{\"t\":\"button\",\"button\":0,\"down\":true}",
                "{\"t\":\"button\",\"button\":0,\"down\":false}", "{\"t\":\"key\",\"code\":\"KeyB\",\"down\":true}",
                "{\"t\":\"key\",\"code\":\"KeyB\",\"down\":false}")) {
            site.chromium.driver.executeScript("window.moonlightInputChannels.filter(c => c.readyState === 'open')"
                    + ".forEach(c => c.send(arguments[0]))", input);
        }
        Await.until("the viewer's five input messages refused by the agent, reported through the hub", WAIT,
                () -> site.metric("moonlight_input_messages_dropped_total{reason=\"viewer\"}") >= refused + 5);
        assertEquals(keys, count(session.desktopLog(), "KeyPress event"), "a viewer's key reached xev");
        assertEquals(clicks, count(session.desktopLog(), "ButtonPress event"), "a viewer's click reached xev");

        site.ml("session", "share", session.id(), "--revoke");
        Await.until("the viewer cut off by the revoke", WAIT, () -> site.chromium.driver.findElement(By.id("connection"))
                .getText().equals("The share link was revoked, replaced by a new one, or has expired."));
    }

    @Test
    @Order(12)
    void aCopyOnTheDesktopIsInThePagesClipboardAndAPasteFromThePageReachesTheDesktop() throws Exception {
        site.chromium.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", site.origin(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        openViewer();
        site.clickVideoAt(0.9, 0.9);
        session.copy("copied on the desktop \u2713");
        Await.until("the desktop's copy in the browser's clipboard", WAIT,
                () -> "copied on the desktop \u2713".equals(site.chromium.driver.executeAsyncScript(
                        "navigator.clipboard.readText().then(arguments[0], () => arguments[0](null));")));

        site.chromium.driver.executeAsyncScript("navigator.clipboard.writeText('copied in the browser').then(arguments[0]);");
        site.clickVideoAt(0.9, 0.9);
        new Actions(site.chromium.driver).keyDown(Keys.CONTROL).sendKeys("v").keyUp(Keys.CONTROL).perform();
        Await.until("the page's clipboard on the desktop", WAIT, () -> "copied in the browser".equals(desktopClipboard()));
    }

    private static String desktopClipboard() {
        try {
            return session.clipboard();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean inFirefox(HeadlessFirefox firefox, String expression) {
        try {
            return firefox.isTrue(expression);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openViewer() {
        site.openViewer(session, 1280, 720);
    }

    private static String hello(String jwt) {
        return JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", "browser")
                .put("session", session.id()).put("token", jwt).toString();
    }

    /** The HTTP status nginx and the hub refuse a WebSocket upgrade with. */
    private static int refusedUpgrade(String query, String origin) {
        try {
            Signaling.open(site, query, origin).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was not refused");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    /** A signaling connection through nginx, as a page of {@code origin} opens it. */
    private record Signaling(WebSocket socket, CompletableFuture<Integer> closed) {
        static Signaling open(StreamingSite site, String query, String origin) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newBuilder().sslContext(site.portal.clientTls()).build().newWebSocketBuilder()
                    .header("Origin", origin)
                    .buildAsync(site.signalingUrl(query), new WebSocket.Listener() {
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
}
