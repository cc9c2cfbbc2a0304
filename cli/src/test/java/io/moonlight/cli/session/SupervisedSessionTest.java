package io.moonlight.cli.session;

import static io.moonlight.cli.session.SupervisedSite.BASE_PORT;
import static io.moonlight.cli.session.SupervisedSite.DISPLAY;
import static io.moonlight.cli.session.SupervisedSite.USER;
import static io.moonlight.cli.session.SupervisedSite.command;
import static io.moonlight.cli.session.SupervisedSite.describe;
import static io.moonlight.cli.session.SupervisedSite.portTaken;
import static io.moonlight.cli.session.SupervisedSite.sessionProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole session on this host, as an operator runs it: the gateway (real server, SQLite), `session
 * start --wait` through the local scheduler as the user {@link SupervisedSite#USER}, whose job runs
 * the real `moonlight session run` with runtime host, Xvfb, xeyes as the desktop and FakeSunshine
 * (Sunshine needs a GPU); `session stop` ends it with nothing left behind.
 */
@ServiceTest
class SupervisedSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static SupervisedSite site;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    static void startSite() throws IOException {
        site = SupervisedSite.start(dir, SupervisedSite.LOCAL_SCHEDULER, Map.of());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void stopWhatIsLeft() {
        for (String id : started) {
            site.moonlight("session", "stop", id);
            SupervisedSite.signal("TERM", sessionProcesses(id));
            Await.until("no process of " + id, Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
        }
    }

    @Test
    void startWaitsForReadyAndStopLeavesNothingBehind() throws Exception {
        ExecResult start = site.moonlight("session", "start", "--user", USER, "--geometry", "1280x720", "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        JsonNode ready = JSON.readTree(start.stdout());
        String id = ready.get("id").asText();
        started.add(id);
        assertEquals("READY", ready.get("state").asText(), start.stdout());
        assertEquals(DISPLAY, ready.get("display").asInt());
        assertEquals(BASE_PORT, ready.get("sunshine_base_port").asInt());
        String node = ready.get("node").asText();
        assertEquals(node + ":" + BASE_PORT, ready.get("moonlight_address").asText());

        ExecResult show = site.moonlight("session", "show", id);
        assertTrue(show.stdout().contains("READY"), show.stdout());
        assertTrue(show.stdout().contains(node + ":" + BASE_PORT), show.stdout());
        Await.until("the agent reported running", Duration.ofSeconds(20), () -> site.moonlight("session", "show", id)
                .stdout().lines().anyMatch(l -> l.matches("agent: +running since \\S+: started as pid \\d+")));
        assertTrue(Files.exists(Path.of("/tmp/.X11-unix/X" + DISPLAY)), "Xvfb serves the leased display");
        List<ProcessHandle> processes = sessionProcesses(id);
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("Xvfb")), describe(processes));
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("xeyes")), describe(processes));
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("pulseaudio")), "the session's sound server: "
                + describe(processes));
        assertTrue(processes.stream().allMatch(p -> p.info().user().orElse("").equals(USER)), describe(processes));
        assertTrue(portTaken(BASE_PORT), "FakeSunshine holds the leased port");
        assertHeartbeats(id);

        ExecResult stop = site.moonlight("session", "stop", id);

        assertEquals(0, stop.exitCode(), stop.stderr());
        assertTrue(stop.stdout().startsWith(id + "  ENDED"), stop.stdout());
        Session ended = site.store().get(id).orElseThrow();
        assertEquals(SessionState.ENDED, ended.state());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive), "every process of the session is gone");
        assertTrue(sessionProcesses(id).isEmpty());
        assertFalse(Files.exists(Path.of("/tmp/.X" + DISPLAY + "-lock")), "the X lock is removed");
        assertFalse(portTaken(BASE_PORT));
        String log = Files.readString(site.jobLog(id));
        assertTrue(log.contains("moonlight: session ENDED: stopped by SIGTERM"), log);
    }

    @Test
    void thePortalStartsAndStopsASessionThroughTheGateway() throws Exception {
        String token = site.moonlight("gateway", "token", "--user", USER).stdout().strip();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(site.api() + "/sessions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"geometry\":\"1280x720\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        started.add(id);

        Await.until(id + " READY", Duration.ofSeconds(60), () -> site.store().get(id).orElseThrow().state() == SessionState.READY);
        JsonNode ready = JSON.readTree(send(HttpRequest.newBuilder(URI.create(site.api() + "/sessions/" + id))
                .header("Authorization", "Bearer " + token)).body());
        assertEquals(DISPLAY, ready.get("display").asInt());
        assertEquals(BASE_PORT, ready.get("sunshine_base_port").asInt());
        JsonNode shown = JSON.readTree(site.moonlight("session", "show", id, "--json").stdout());
        assertEquals(names(shown), names(ready), "the CLI and the API show a session alike");
        assertEquals(shown.get("moonlight_address"), ready.get("moonlight_address"));
        List<ProcessHandle> processes = sessionProcesses(id);
        assertTrue(processes.stream().anyMatch(p -> command(p).endsWith("Xvfb")), describe(processes));
        assertTrue(processes.stream().allMatch(p -> p.info().user().orElse("").equals(USER)), describe(processes));

        HttpResponse<String> stopped = send(HttpRequest.newBuilder(URI.create(site.api() + "/sessions/" + id))
                .header("Authorization", "Bearer " + token).DELETE());

        assertEquals(200, stopped.statusCode(), stopped.body());
        assertEquals("ENDED", JSON.readTree(stopped.body()).get("state").asText());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive), "every process of the session is gone");
        assertFalse(portTaken(BASE_PORT));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDesktopThatEndsFailsTheSessionWithTheReasonAndFreesItsLease() throws Exception {
        Path failing = dir.resolve("failing-desktop.yaml");
        Files.writeString(failing, Files.readString(site.config()).replace("desktop: [xeyes]",
                "desktop: [sh, -c, 'sleep 2; echo no session bus; exit 3']"));

        ExecResult start = site.moonlight(failing, "session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);
        Await.until("the session FAILED", Duration.ofSeconds(30),
                () -> site.store().get(id).orElseThrow().state() == SessionState.FAILED);

        JsonNode failed = JSON.readTree(site.moonlight("session", "show", id, "--json").stdout());
        assertEquals("FAILED", failed.get("state").asText());
        assertTrue(failed.get("reason").asText().startsWith("desktop exited with code 3: no session bus"),
                failed.toString());
        Await.until("the job over", Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        assertFalse(Files.exists(Path.of("/tmp/.X" + DISPLAY + "-lock")));
    }

    @Test
    void aGatewayRestartMidSessionIsRiddenOut() throws Exception {
        ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);

        site.restartGateway(Duration.ofSeconds(3));

        assertHeartbeats(id);
        assertEquals(SessionState.READY, site.store().get(id).orElseThrow().state());
        ExecResult stop = site.moonlight("session", "stop", id);
        assertEquals(0, stop.exitCode(), stop.stderr());
        assertEquals(SessionState.ENDED, site.store().get(id).orElseThrow().state());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        String log = Files.readString(site.jobLog(id));
        assertTrue(log.contains("moonlight: session ENDED: stopped by SIGTERM"), log);
    }

    @Test
    void aSessionEndedInTheStoreIsStoppedByItsSupervisorAtTheNextHeartbeat() throws Exception {
        ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        JsonNode ready = JSON.readTree(start.stdout());
        String id = ready.get("id").asText();
        started.add(id);
        List<ProcessHandle> processes = sessionProcesses(id);
        int display = ready.get("display").asInt();

        site.store().transition(id, SessionState.READY, SessionState.ENDED, "ended by an admin elsewhere").orElseThrow();

        // A process that ended may stay a zombie for a moment, until its parent (the job) collects it.
        Await.until("every process of " + id + " gone", Duration.ofSeconds(30),
                () -> sessionProcesses(id).isEmpty() && processes.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(Files.exists(Path.of("/tmp/.X" + display + "-lock")), "the X lock is removed");
        assertFalse(portTaken(ready.get("sunshine_base_port").asInt()));
        Session ended = site.store().get(id).orElseThrow();
        assertEquals(SessionState.ENDED, ended.state());
        assertEquals("ended by an admin elsewhere", ended.history().get(ended.history().size() - 1).reason(),
                "the supervisor's late report changes nothing");
        String log = Files.readString(site.jobLog(id));
        assertTrue(log.contains("moonlight: heartbeat refused: the gateway refused POST "), log);
        assertTrue(log.contains("moonlight: session ENDED: the session is over at the gateway: "), log);
    }

    @Test
    void aSupervisorKilledWithSigkillStopsItsHeartbeat() throws Exception {
        ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);
        assertHeartbeats(id);
        ProcessHandle supervisor = SupervisedSite.supervisor(sessionProcesses(id));

        supervisor.destroyForcibly();
        Await.until("the supervisor is gone", Duration.ofSeconds(10), () -> !supervisor.isAlive());
        Instant last = heartbeat(id);
        Thread.sleep(3500);

        assertEquals(last, heartbeat(id), "no heartbeat after the supervisor died");
        assertEquals(SessionState.READY, site.store().get(id).orElseThrow().state(), "left for cleanup to find");

        ExecResult cleanup = site.moonlight("cleanup", "--json");

        assertEquals(0, cleanup.exitCode(), cleanup.stderr());
        JsonNode result = JSON.readTree(cleanup.stdout());
        assertEquals(1, result.get("failed").asInt(), cleanup.stdout());
        assertEquals(0, result.get("ended").asInt(), cleanup.stdout());
        JsonNode action = result.get("actions").get(0);
        assertEquals("FAILED", action.get("kind").asText(), cleanup.stdout());
        assertEquals(id, action.get("session").asText());
        Session failed = site.store().get(id).orElseThrow();
        assertEquals(SessionState.FAILED, failed.state());
        assertTrue(failed.failureReason().orElseThrow().startsWith("supervisor stopped sending heartbeats"),
                failed.failureReason().toString());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        // Without its supervisor the local job's tree fell apart: cleanup stopped the desktop, X, the sound server,
        // Sunshine and the agent.
        assertTrue(action.get("reason").asText().endsWith("; stopped 5 processes the job left behind"),
                action.toString());
        assertEquals(List.of(), sessionProcesses(id));
    }

    @Test
    void aFrozenSupervisorIsFoundByCleanupWhichFailsTheSessionCancelsItsJobAndFreesItsPorts() throws Exception {
        ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
        assertEquals(0, start.exitCode(), site.whyNotReady(start));
        String id = JSON.readTree(start.stdout()).get("id").asText();
        started.add(id);
        assertHeartbeats(id);
        ProcessHandle supervisor = SupervisedSite.supervisor(sessionProcesses(id));

        SupervisedSite.signal("STOP", List.of(supervisor));
        Thread.sleep(4500);
        ExecResult dryRun = site.moonlight("cleanup", "--dry-run");
        assertEquals("cleanup (dry run, nothing changed): 0 ended, 1 failed, 0 orphans found, 0 directories removed, 0 records deleted\n",
                dryRun.stdout());
        assertTrue(dryRun.stderr().startsWith("would: " + id + " FAILED"), dryRun.stderr());
        assertEquals(SessionState.READY, site.store().get(id).orElseThrow().state());
        assertTrue(supervisor.isAlive());
        ExecResult cleanup = site.moonlight("cleanup");

        assertEquals(0, cleanup.exitCode(), cleanup.stderr());
        assertEquals("cleanup: 0 ended, 1 failed, 0 orphans cancelled, 0 directories removed, 0 records deleted\n", cleanup.stdout());
        Session failed = site.store().get(id).orElseThrow();
        assertTrue(cleanup.stderr().startsWith(id + " FAILED, job " + failed.jobId().orElseThrow() + " cancelled: "
                + "supervisor stopped sending heartbeats"), cleanup.stderr());
        assertEquals(SessionState.FAILED, failed.state());
        assertTrue(site.store().leases().isEmpty(), site.store().leases().toString());
        // Thawed, the supervisor finds its SIGTERM and ends everything; its late report changes nothing.
        SupervisedSite.signal("CONT", List.of(supervisor));
        Await.until("no process of " + id, Duration.ofSeconds(30), () -> sessionProcesses(id).isEmpty());
        assertEquals(SessionState.FAILED, site.store().get(id).orElseThrow().state());
    }

    /** A newer heartbeat arrives (supervisor.heartbeat_seconds: 1). */
    static void assertHeartbeats(SupervisedSite site, String id) {
        Instant first = heartbeat(site, id);
        Await.until("a newer heartbeat", Duration.ofSeconds(10), () -> heartbeat(site, id).isAfter(first));
    }

    static Instant heartbeat(SupervisedSite site, String id) {
        return site.store().get(id).orElseThrow().heartbeatAt().orElse(Instant.EPOCH);
    }

    private static void assertHeartbeats(String id) {
        assertHeartbeats(site, id);
    }

    private static Instant heartbeat(String id) {
        return heartbeat(site, id);
    }
}
