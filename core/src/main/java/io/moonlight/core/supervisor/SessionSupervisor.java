package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.template.TemplateRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Runs one session on its node from start to end: writes its Sunshine files and a new web UI login,
 * starts the runtime and the process tree, tells its events where the session is reached, then
 * waits until a part of it fails or a stop is requested (a SIGTERM, through {@link #stopOnSigterm}),
 * stops everything within the grace time and tells how it ended. Reporting to the gateway is the
 * events' business. When another X server took the leased display after the node's scan, the start
 * is made again on another lease from {@link DisplayLeases}, a bounded number of times.
 */
public final class SessionSupervisor {
    /** Time for {@link SupervisorEvents#ended} after the stop, e.g. a report to the gateway. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(15);
    /**
     * Displays a start tries in all: a display taken between the scan and the start is a race, lost
     * again and again only on a node where someone takes displays on purpose; that is not chased
     * through the whole range.
     */
    static final int DISPLAY_TRIES = 3;
    private final SupervisorPlan plan;
    private final DisplayLeases leases;
    private final SessionRuntime runtime;
    private final CommandRunner runner;
    private final SunshineFiles files;
    private final RandomGenerator random;
    private final CompletableFuture<String> stopRequested = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** @param leases another lease when the plan's display is taken ({@link DisplayLeases#NONE}: none) */
    public SessionSupervisor(SupervisorPlan plan, DisplayLeases leases, SessionRuntime runtime, CommandRunner runner,
            TemplateRenderer renderer, RandomGenerator random) {
        this.plan = plan;
        this.leases = leases;
        this.runtime = runtime;
        this.runner = runner;
        this.files = new SunshineFiles(renderer);
        this.random = random;
    }

    /** Runs the session until it fails or is stopped; never throws for a session that failed. */
    public SupervisorOutcome run(SupervisorEvents events) {
        try {
            SupervisorOutcome outcome = supervise(events);
            events.ended(outcome);
            return outcome;
        } finally {
            finished.countDown();
        }
    }

    /** Asks a running {@link #run} to stop the session; {@code why} becomes the ENDED reason. */
    public void requestStop(String why) {
        stopRequested.complete(why);
    }

    /**
     * Makes SIGTERM (scancel, the time limit) stop the session in order: the JVM's shutdown waits until
     * {@link #run} has stopped everything and reported the end, at most the grace time and a margin.
     */
    public void stopOnSigterm() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requestStop("stopped by SIGTERM (scancel or the time limit)");
            try {
                finished.await(plan.grace().plus(REPORT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "moonlight-session-stop"));
    }

    private SupervisorOutcome supervise(SupervisorEvents events) {
        Started started;
        try {
            started = startOnAFreeDisplay(events);
        } catch (MoonlightException e) {
            return new SupervisorOutcome(SessionState.FAILED, e.getMessage(), new StopReport(List.of(), List.of()));
        }
        events.ready(endpoints(started.plan()));
        String failure = (String) CompletableFuture.anyOf(started.processes().failure(), stopRequested).join();
        // Slurm's SIGTERM reaches every process of the job at once: children ending then are no failure.
        boolean stopped = stopRequested.isDone();
        StopReport report = started.processes().stop(plan.grace());
        return stopped ? new SupervisorOutcome(SessionState.ENDED, stopRequested.join(), report)
                : new SupervisorOutcome(SessionState.FAILED, failure, report);
    }

    /** A started process tree and the plan, with the lease, it runs on. */
    private record Started(SupervisorPlan plan, SessionProcesses processes) {
    }

    /**
     * Starts on the plan's lease, or, when another X server took its display first, on another lease
     * ({@value #DISPLAY_TRIES} displays in all); the error then names every display found taken.
     */
    private Started startOnAFreeDisplay(AgentListener events) {
        SupervisorPlan attempt = plan;
        List<Integer> taken = new ArrayList<>();
        while (true) {
            try {
                return new Started(attempt, start(attempt, events));
            } catch (DisplayTakenException e) {
                taken.add(e.display());
                String reason = taken(taken) + " before the session's X server could listen";
                if (taken.size() == DISPLAY_TRIES) {
                    throw MoonlightException.failed(reason + "; gave up after " + DISPLAY_TRIES + " displays, the last: "
                            + e.getMessage(), e.hint().orElse(null));
                }
                try {
                    attempt = attempt.withLease(leases.another(List.copyOf(taken)));
                } catch (MoonlightException none) {
                    throw MoonlightException.failed(reason + "; no other display: " + none.getMessage(),
                            none.hint().orElse(null));
                }
            }
        }
    }

    private static String taken(List<Integer> displays) {
        String names = displays.stream().map(d -> ":" + d).collect(Collectors.joining(", "));
        return displays.size() == 1 ? "display " + names + " was taken by another X server"
                : "displays " + names + " were taken by other X servers";
    }

    private SessionProcesses start(SupervisorPlan attempt, AgentListener events) {
        SessionDirectory dir = attempt.dir().create();
        int display = attempt.lease().display();
        SunshineConfModel conf = SunshineConfModel.of(attempt.sessionId(), dir, attempt.lease().basePort(),
                attempt.spec(), attempt.sunshine());
        WebUiCredentials login = WebUiCredentials.generate(random);
        files.write(dir, conf, SunshineAppsModel.of(dir, display, attempt.spec().geometry(), attempt.xServer()),
                DisplayResizeModel.of(attempt.sessionId(), dir, display),
                WebUiCredentialsModel.of(attempt.sessionId(), conf, login));
        runtime.start(runner);
        if (attempt.launch().runsSunshine()) {
            try {
                files.applyCredentials(runner, runtime, attempt.sunshineProgram(), dir, login);
            } catch (MoonlightException e) {
                runtime.stop(runner);
                throw e;
            }
        }
        return SessionProcesses.start(attempt.launch(), runtime, runner, random, events);
    }

    private static SessionEndpoints endpoints(SupervisorPlan plan) {
        int port = plan.lease().basePort();
        return new SessionEndpoints(plan.lease().node(), plan.lease().display(), port, port + 1,
                SunshineFiles.webUiLogin(plan.dir()), plan.dir().logDir());
    }
}
