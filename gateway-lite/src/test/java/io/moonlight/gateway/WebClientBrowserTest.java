package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionPaths;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSunshineWebUi;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.HeadlessChromium;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web client in headless Chromium against a real gateway on loopback (SQLite store, local
 * scheduler running {@link FakeSupervisor} jobs), used as a person would: signing in from the
 * portal's link, reading the list, starting and stopping a session. What is checked is what the
 * user sees, what the store then holds, and what went over the wire. Each test has its own user, so
 * that the sessions of one (and the per-user limit) do not reach into another; only the one that starts
 * a job needs the real Unix user.
 */
@ServiceTest
class WebClientBrowserTest {
    private static final String USER = SessionTestbed.USER;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static LocalGateway gateway;
    private static SessionStore store;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String page;
    private static int webUiPort;
    private final StoredSessions sessions = new StoredSessions();

    @BeforeAll
    static void start() throws Exception {
        SessionTestbed.ensureUnixUser();
        webUiPort = RedisServer.freePort();
        gateway = LocalGateway.start(dir, "hs256_secret: " + Tokens.SECRET, String.join("\n",
                "paths:",
                "  session_root: " + UserDirs.scratch(dir),
                "  state_dir: " + dir.resolve("state"),
                "sessions:",
                "  scheduler: local",
                "  launcher: " + FakeSupervisor.writeTo(dir),
                "sunshine:",
                "  base_port: " + (webUiPort - 1),
                ""), new PrintStream(LOG, true, StandardCharsets.UTF_8));
        store = gateway.store;
        page = "http://127.0.0.1:" + gateway.server.port() + "/moonlight/";
        chromium = HeadlessChromium.start();
        browser = chromium.driver;
    }

    /** Stops what a test left running, so that no job outlives the tests. */
    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            for (Session session : store.list()) {
                if (session.state().isActive()) {
                    gateway.api.delete("/sessions/" + session.id(), Tokens.hs256("root", "HPC-Admins"));
                }
            }
            gateway.close();
        }
    }

    @Test
    void signsInFromThePortalsLinkAndTakesTheTokenOutOfTheAddressBar() {
        Session pending = sessions.add(store, "alice");
        Session ready = sessions.addReady(store, "alice");
        Session bobs = sessions.add(store, "bob");
        String token = token("alice");

        openPortalLink(token);

        assertEquals("READY", stateShown(ready, "READY"));
        assertEquals("PENDING", stateShown(pending, "PENDING"));
        assertEquals(page, browser.getCurrentUrl());
        assertTrue(browser.findElements(By.cssSelector("[data-session='" + bobs.id() + "']")).isEmpty(),
                "another user's session is not listed");
        assertTrue(row(ready).findElement(By.xpath(".//button[text()='Open']")).isDisplayed());
        assertFalse(row(pending).findElement(By.xpath(".//button[text()='Open']")).isDisplayed(),
                "only a READY session opens");
        assertEquals(token, browser.executeScript("return sessionStorage.getItem('moonlight.token')"));
        assertEquals("alice", browser.findElement(By.id("who")).getText());

        browser.navigate().refresh();

        assertEquals("PENDING", stateShown(pending, "PENDING"), "the tab stays signed in without the link");
    }

    @Test
    void theListFollowsTheSessionsState() {
        Session session = sessions.add(store, "carol");
        openPortalLink(token("carol"));
        stateShown(session, "PENDING");

        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "job running");

        assertEquals("STARTING", stateShown(session, "STARTING"));
    }

    @Test
    void aSessionWhoseAgentFailedSaysSoInsteadOfWaitingAndConnectsOnceItRunsAgain() {
        Session ready = sessions.addReady(store, "frank");
        String why = "agent exited with code 1: no libpulse.so.0 (log: logs/agent.out); not started again after 3 restarts";
        store.reportAgent(ready.id(), AgentState.FAILED, why);
        String told = "Browsers cannot show this session: its streaming agent failed (" + why + "). The desktop is"
                + " still running; a native Moonlight client can still connect.";
        openPortalLink(token("frank"));

        assertEquals(told, chromium.waitFor(By.cssSelector("[data-session='" + ready.id() + "'] .agent-problem"),
                WebElement::isDisplayed).getText());
        chromium.requestedUrls();
        row(ready).findElement(By.xpath(".//button[text()='Open']")).click();

        chromium.waitForText(By.id("connection"), told::equals);
        assertTrue(chromium.requestedUrls().stream().noneMatch(u -> u.endsWith("/moonlight/signaling")),
                "no waiting for an agent that is not coming");

        store.reportAgent(ready.id(), AgentState.RUNNING, "started as pid 4242");

        chromium.waitForText(By.id("connection"), t -> !t.equals(told));
        Await.until("the viewer connecting again", WAIT,
                () -> chromium.requestedUrls().stream().anyMatch(u -> u.endsWith("/moonlight/signaling")));
        browser.findElement(By.id("back")).click();
        Await.until("the list without the agent's problem", WAIT, () -> browser.findElements(
                By.cssSelector("[data-session='" + ready.id() + "'] .agent-problem")).isEmpty());
        assertEquals("READY", stateShown(ready, "READY"));
    }

    @Test
    void startsASessionAndStopsIt() {
        openPortalLink(token(USER));
        new Select(chromium.waitFor(By.id("start-image"), e -> !new Select(e).getOptions().isEmpty())).selectByValue("xfce4");
        WebElement geometry = browser.findElement(By.id("start-geometry"));
        geometry.clear();
        geometry.sendKeys("1280x720");
        WebElement hours = browser.findElement(By.id("start-hours"));
        hours.clear();
        hours.sendKeys("2");

        browser.findElement(By.id("start-button")).click();

        try {
            Await.until("the page's session in the store", WAIT, () -> startedByThePage().isPresent());
        } catch (AssertionError e) {
            throw new AssertionError(browser.findElement(By.id("start-problem")).getText() + LOG + chromium.console(), e);
        }
        Session started = startedByThePage().orElseThrow();
        stateShown(started, "PENDING", "STARTING");
        assertTrue(browser.findElement(By.id("notice")).getText().contains("Started " + started.id()),
                browser.findElement(By.id("notice")).getText());

        WebElement stop = row(started).findElement(By.xpath(".//button[text()='Stop']"));
        stop.click();
        assertEquals("Confirm stop", stop.getText());
        stop.click();

        assertEquals("ENDED", stateShown(started, "ENDED"));
        assertEquals(SessionState.ENDED, store.get(started.id()).orElseThrow().state());
        assertTrue(row(started).findElement(By.xpath(".//button[text()='Dismiss']")).isDisplayed());
    }

    @Test
    void pairsTheMoonlightAppFromTheViewer() throws Exception {
        String token = token(USER);
        String id = JSON.readTree(gateway.api.post("/sessions", token, "{}").body()).get("id").asText();
        // What the supervisor does before READY: report its node, claim the ports, write Sunshine's login, start it.
        String node = InetAddress.getLocalHost().getHostName();
        store.transition(id, SessionState.PENDING, SessionState.STARTING, "job running");
        store.setPlacement(id, Optional.empty(), Optional.of(node));
        store.claimLease(id, node, FreeDisplays.ALL);
        store.transition(id, SessionState.STARTING, SessionState.READY, "desktop up");
        SessionPaths paths = SessionPaths.of(gateway.config.paths(), USER, id);
        try (FakeSunshineWebUi sunshine = FakeSunshineWebUi.start(dir, webUiPort, "sunshine", "s3cret")) {
            UserDirs.writePrivate(paths.sunshineLogin(), "{\"user\":\"sunshine\",\"password\":\"s3cret\"}", USER);
            UserDirs.writePrivate(paths.sunshineCertificate(), sunshine.certificatePem(), USER);
            openPortalLink(token);
            row(store.get(id).orElseThrow()).findElement(By.xpath(".//button[text()='Open']")).click();
            browser.findElement(By.id("native-toggle")).click();

            chromium.waitForText(By.id("moonlight-address"), t -> t.equals(node + ":" + (webUiPort - 1)));
            assertEquals("pair-pin", browser.switchTo().activeElement().getAttribute("id"), "the PIN field takes the focus");
            browser.findElement(By.id("pair-pin")).sendKeys("1234" + Keys.ENTER);
            chromium.waitForText(By.id("pair-result"),
                    t -> t.startsWith("Not paired: no Moonlight client is waiting to pair with session " + id + " ("));

            sunshine.clientWaiting(true);
            browser.findElement(By.id("pair-pin")).sendKeys("0815" + Keys.ENTER);

            chromium.waitForText(By.id("pair-result"), t -> t.equals("Paired: connect from the Moonlight app now."));
            assertEquals(1, sunshine.acceptedPins().size());
            assertTrue(sunshine.acceptedPins().get(0).contains("\"pin\":\"0815\""), sunshine.acceptedPins().toString());
        } finally {
            gateway.api.delete("/sessions/" + id, token);
        }
    }

    @Test
    void aStartTheGatewayRefusesShowsItsError() {
        openPortalLink(token(USER));
        chromium.waitFor(By.id("start-image"), e -> !new Select(e).getOptions().isEmpty());
        WebElement geometry = browser.findElement(By.id("start-geometry"));
        geometry.clear();
        geometry.sendKeys("99999x99999");

        browser.findElement(By.id("start-button")).click();

        String problem = chromium.waitFor(By.id("start-problem"), e -> !e.getText().isEmpty()).getText();
        assertTrue(problem.startsWith("'99999x99999' is not a geometry (use WIDTHxHEIGHT from 640x480"), problem);
    }

    @Test
    void anExpiredTokenShowsTheSignInMessage() {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = Tokens.valid("erin", "HPC-Users").withIssuedAt(past).withNotBefore(past)
                .withExpiresAt(past.plus(Duration.ofHours(1)))
                .sign(Algorithm.HMAC256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)));

        openPortalLink(expired);

        String message = chromium.waitFor(By.id("sign-in-message"), e -> !e.getText().isEmpty()).getText();
        assertTrue(message.startsWith("Your sign-in expired or was refused."), message);
        assertTrue(message.contains("the token expired at"), "the gateway's reason too: " + message);
        assertTrue(browser.findElement(By.id("sign-in")).isDisplayed());
        assertFalse(browser.findElement(By.id("sessions")).isDisplayed());
        assertEquals(page, browser.getCurrentUrl());
        assertEquals(null, browser.executeScript("return sessionStorage.getItem('moonlight.token')"),
                "a refused token is not kept");
    }

    @Test
    void theTokenNeverTravelsInAUrl() {
        Session ready = sessions.addReady(store, "dave");
        String token = token("dave");
        chromium.requestedUrls();
        LOG.reset();

        openPortalLink(token);
        stateShown(ready, "READY");
        row(ready).findElement(By.xpath(".//button[text()='Open']")).click();
        chromium.waitFor(By.id("connection"), e -> e.getText().startsWith("Connection lost"));

        List<String> urls = chromium.requestedUrls();
        assertTrue(urls.contains(page + "js/app.js"), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/api/moonlight/sessions")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/api/moonlight/sessions/" + ready.id())), urls.toString());
        assertTrue(urls.contains("ws://127.0.0.1:" + gateway.server.port() + "/moonlight/signaling"), urls.toString());
        assertTrue(urls.stream().noneMatch(u -> u.contains(token) && !u.equals(page + "#token=" + token)),
                "only the portal's link holds the token: " + urls);
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /api/moonlight/sessions 200"), log);
        assertTrue(log.lines().filter(l -> l.contains("/api/moonlight/")).allMatch(l -> l.endsWith("user=dave")),
                "every API request was signed in by its header: " + log);
        assertFalse(log.contains(token), log);
        assertFalse(log.contains(token.split("\\.")[2]), "not even the token's signature: " + log);
    }

    private static Optional<Session> startedByThePage() {
        return store.listByUser(USER).stream()
                .filter(s -> s.spec().geometry().toString().equals("1280x720") && s.spec().hours() == 2)
                .findFirst();
    }

    /** The page opened as the portal's link opens it: a new page with the token in the fragment. */
    private static void openPortalLink(String token) {
        browser.get("about:blank");
        browser.get(page + "#token=" + token);
    }

    private static String token(String user) {
        return Tokens.hs256(user, "HPC-Users");
    }

    private static WebElement row(Session session) {
        return chromium.waitFor(By.cssSelector("[data-session='" + session.id() + "']"), WebElement::isDisplayed);
    }

    /** The state the page shows for the session, once it is one of those expected. */
    private static String stateShown(Session session, String... expected) {
        List<String> states = List.of(expected);
        WebElement state = chromium.waitFor(By.cssSelector("[data-session='" + session.id() + "'] [data-field='state'] span"),
                e -> states.contains(e.getText()));
        return state.getText();
    }
}
