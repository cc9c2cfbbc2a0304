package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.supervisor.NodeDisplays;
import io.moonlight.core.supervisor.SupervisorJob;
import io.moonlight.core.supervisor.SupervisorOutcome;
import io.moonlight.core.supervisor.XDisplayFiles;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testbed.SquattedDisplays;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's display on a node where X servers other than the sessions' run: the real
 * {@link SupervisorJob} against the real gateway, with the node's X locks and sockets in a directory
 * of the test's own (lock files and sockets other X servers left there), so that the displays of
 * other tests in /tmp are not taken; the session's own Xvfb runs for real in /tmp. Displays taken
 * between the node's scan and the start of the session's X server are taken for real: as soon as the
 * gateway hands out the lease, another user binds the display's abstract socket.
 */
@ServiceTest
class SupervisorDisplayChoiceTest {
    private static final String SQUATTER = "mlxd-choice";
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1280, 720), 60, 20000, Codec.H264, 1);
    private static final SessionIds IDS = new SessionIds(Clock.systemUTC(), new Random());
    @TempDir
    static Path dir;
    private static SupervisedSite site;
    @TempDir
    Path nodeTmp;

    @BeforeAll
    static void startSite() throws IOException {
        LocalUsers.ensure(SQUATTER);
        site = SupervisedSite.start(dir, "", Map.of());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void displaysBusyOnTheNodeAreSkippedAndTheSessionRunsOnTheNextFreeOne() throws Exception {
        NodeDisplays host = NodeDisplays.onThisHost();
        int expected = IntStream.rangeClosed(12, 99).filter(d -> !host.busy(d)).findFirst().orElseThrow();
        Files.createDirectory(nodeTmp.resolve(".X11-unix"));
        Files.writeString(nodeTmp.resolve(".X10-lock"), "%10d\n".formatted(ProcessHandle.current().pid()));
        for (int display = 11; display < expected; display++) {
            Files.createFile(nodeTmp.resolve(".X11-unix/X" + display));
        }
        String id = submit();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        SupervisorJob job = job(log, new NodeDisplays(nodeTmp, Path.of("/proc/net/unix")));
        CompletableFuture<SupervisorOutcome> running = CompletableFuture.supplyAsync(() -> job.run(id, tokenFile(id),
                Map.of("SLURMD_NODENAME", "viz01")));
        Await.until("READY", Duration.ofSeconds(30), () -> running.isDone()
                || site.store().get(id).orElseThrow().state() == SessionState.READY);

        Session ready = site.store().get(id).orElseThrow();
        assertEquals(SessionState.READY, ready.state(), log.toString(StandardCharsets.UTF_8));
        assertEquals(expected, ready.display().getAsInt(), "the first display without a lock or socket");
        XDisplayFiles xvfb = XDisplayFiles.of(expected);
        assertTrue(xvfb.liveOwner().isPresent(), "the session's Xvfb runs on :" + expected);
        // Run in-process, the job knows no launcher to start the agent with: the session says so.
        Await.until("the agent reported off", Duration.ofSeconds(10),
                () -> site.store().get(id).orElseThrow().agent().isPresent());
        AgentStatus agent = site.store().get(id).orElseThrow().agent().orElseThrow();
        assertEquals(AgentState.OFF, agent.state());
        assertTrue(agent.reason().startsWith("no agent for browsers: "), agent.reason());

        site.store().transition(id, SessionState.READY, SessionState.ENDED, "stopped by the test");
        SupervisorOutcome outcome = running.get(60, TimeUnit.SECONDS);

        assertEquals(SessionState.ENDED, outcome.state(), outcome.reason() + "\n" + log.toString(StandardCharsets.UTF_8));
        assertTrue(outcome.reason().startsWith("the session is over at the gateway: "), outcome.reason());
        Await.until("the session's Xvfb is gone", Duration.ofSeconds(10), () -> xvfb.liveOwner().isEmpty());
        assertFalse(Files.exists(xvfb.lock()), "the session's own X lock is removed");
        assertTrue(Files.exists(nodeTmp.resolve(".X10-lock")), "other servers' files are left alone");
    }

    @Test
    void aNodeWithoutAFreeDisplayFailsTheSessionWithTheRange() throws Exception {
        Files.createDirectory(nodeTmp.resolve(".X11-unix"));
        for (int display = 10; display <= 99; display++) {
            Files.createFile(nodeTmp.resolve(display % 2 == 0 ? ".X" + display + "-lock" : ".X11-unix/X" + display));
        }
        String id = submit();

        SupervisorJob job = job(new ByteArrayOutputStream(), new NodeDisplays(nodeTmp, Path.of("/proc/net/unix")));
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> job.run(id, tokenFile(id), Map.of("SLURMD_NODENAME", "viz01")));

        String reason = "no free X display on viz01: :10 to :99 all have an X lock, socket or abstract socket in " + nodeTmp;
        assertEquals(reason, e.getMessage());
        Session failed = site.store().get(id).orElseThrow();
        assertEquals(SessionState.FAILED, failed.state());
        assertEquals("cannot start on viz01: " + reason, failed.failureReason().orElseThrow());
        assertTrue(site.store().leases().stream().noneMatch(l -> l.sessionId().equals(id)));
    }

    @Test
    void displaysTakenAfterTheScanAreLeftForTheNextFreeOneAndTheLeaseFollows() throws Exception {
        List<Integer> free = NodeDisplays.onThisHost().free(99);
        String id = submit();
        List<SquattedDisplays> squats = squatLeasesOf(id, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            SupervisorJob job = job(log, NodeDisplays.onThisHost());
            CompletableFuture<SupervisorOutcome> running = CompletableFuture.supplyAsync(() -> job.run(id, tokenFile(id),
                    Map.of("SLURMD_NODENAME", "viz01")));
            Await.until("READY", Duration.ofSeconds(60), () -> running.isDone()
                    || site.store().get(id).orElseThrow().state() == SessionState.READY);

            Session ready = site.store().get(id).orElseThrow();
            assertEquals(SessionState.READY, ready.state(), log.toString(StandardCharsets.UTF_8));
            assertEquals(free.subList(0, 2), displays(squats), "the first two free displays, taken once leased");
            assertEquals(free.get(2), ready.display().getAsInt(), "the next free display");
            assertEquals(List.of(new Lease("viz01", id, SupervisedSite.BASE_PORT, free.get(2))),
                    site.store().leases().stream().filter(l -> l.sessionId().equals(id)).toList(), "one lease, moved along");
            assertTrue(XDisplayFiles.of(free.get(2)).liveOwner().isPresent(), "the session's Xvfb runs on :" + free.get(2));
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("moonlight: display :" + free.get(1)
                    + " was taken by another X server; now display :" + free.get(2)), log.toString(StandardCharsets.UTF_8));

            site.store().transition(id, SessionState.READY, SessionState.ENDED, "stopped by the test");
            SupervisorOutcome outcome = running.get(60, TimeUnit.SECONDS);
            assertEquals(SessionState.ENDED, outcome.state(), outcome.reason());
        } finally {
            squats.forEach(SquattedDisplays::close);
        }
    }

    @Test
    void displaysTakenAgainAndAgainFailTheSessionAfterThreeNamingEach() throws Exception {
        String id = submit();
        List<SquattedDisplays> squats = squatLeasesOf(id, 4);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            SupervisorOutcome outcome = job(log, NodeDisplays.onThisHost()).run(id, tokenFile(id),
                    Map.of("SLURMD_NODENAME", "viz01"));

            List<Integer> taken = displays(squats);
            assertEquals(3, taken.size(), "three displays tried: " + taken);
            assertEquals(SessionState.FAILED, outcome.state(), log.toString(StandardCharsets.UTF_8));
            String reason = ("displays :%d, :%d, :%d were taken by other X servers before the session's X server could"
                    + " listen; gave up after 3 displays, the last: the display did not come up: X server Xvfb on :%d"
                    + " exited with code 1: ").formatted(taken.get(0), taken.get(1), taken.get(2), taken.get(2));
            assertTrue(outcome.reason().startsWith(reason), outcome.reason());
            Session failed = site.store().get(id).orElseThrow();
            assertEquals(SessionState.FAILED, failed.state());
            assertTrue(failed.failureReason().orElseThrow().startsWith(reason), failed.failureReason().toString());
            assertTrue(site.store().leases().stream().noneMatch(l -> l.sessionId().equals(id)), "the lease is freed");
        } finally {
            squats.forEach(SquattedDisplays::close);
        }
    }

    /**
     * Another user takes the display of each of the first {@code times} leases of session {@code id}
     * as soon as the gateway hands it out: after the node's scan, before the session's X server starts.
     */
    private static List<SquattedDisplays> squatLeasesOf(String id, int times) {
        List<SquattedDisplays> squats = new CopyOnWriteArrayList<>();
        site.onLease(lease -> {
            if (lease.sessionId().equals(id) && squats.size() < times) {
                squats.add(SquattedDisplays.bind(SQUATTER, List.of(lease.display()), Duration.ofSeconds(120)));
            }
        });
        return squats;
    }

    private static List<Integer> displays(List<SquattedDisplays> squats) {
        return squats.stream().flatMap(s -> s.displays().stream()).toList();
    }

    /**
     * The job as the node runs it, without Sunshine: the site's port block is the one SupervisedSessionTest's
     * sessions use, and the display is what this test is about.
     */
    private SupervisorJob job(ByteArrayOutputStream log, NodeDisplays displays) throws IOException {
        String withoutSunshine = Files.readString(site.config())
                .replaceAll("(?m)^  sunshine: \\[.*\\]$", "  sunshine: []");
        return new SupervisorJob(ConfigLoader.parse("job.yaml", withoutSunshine), new ProcessCommandRunner(),
                TemplateRenderer.shipped(), new PrintStream(log, true, StandardCharsets.UTF_8), displays);
    }

    private String submit() {
        String id = IDS.next("root");
        String token = SessionToken.generate();
        site.store().create(Session.pending(id, "root", SPEC, SessionToken.hash(token), Clock.systemUTC().instant()), 10);
        try {
            Files.writeString(dir.resolve(id + ".token"), token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private static Path tokenFile(String id) {
        return dir.resolve(id + ".token");
    }
}
