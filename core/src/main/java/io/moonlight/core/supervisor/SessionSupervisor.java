package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.template.TemplateRenderer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Runs one session on its node from start to end: writes its Sunshine files and a new web UI login,
 * starts the runtime and the process tree, tells its events where the session is reached, then
 * waits until a part of it fails or a stop is requested (a SIGTERM, through {@link #stopOnSigterm}),
 * stops everything within the grace time and tells how it ended. Reporting to the gateway is the
 * events' business.
 */
public final class SessionSupervisor {
    /** Time for {@link SupervisorEvents#ended} after the stop, e.g. a report to the gateway. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(15);
    private final SupervisorPlan plan;
    private final SessionRuntime runtime;
    private final CommandRunner runner;
    private final SunshineFiles files;
    private final RandomGenerator random;
    private final CompletableFuture<String> stopRequested = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    public SessionSupervisor(SupervisorPlan plan, SessionRuntime runtime, CommandRunner runner,
            TemplateRenderer renderer, RandomGenerator random) {
        this.plan = plan;
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
        SessionProcesses processes;
        try {
            processes = start();
        } catch (MoonlightException e) {
            return new SupervisorOutcome(SessionState.FAILED, e.getMessage(), new StopReport(List.of(), List.of()));
        }
        events.ready(endpoints());
        String failure = (String) CompletableFuture.anyOf(processes.failure(), stopRequested).join();
        // Slurm's SIGTERM reaches every process of the job at once: children ending then are no failure.
        boolean stopped = stopRequested.isDone();
        StopReport report = processes.stop(plan.grace());
        return stopped ? new SupervisorOutcome(SessionState.ENDED, stopRequested.join(), report)
                : new SupervisorOutcome(SessionState.FAILED, failure, report);
    }

    private SessionProcesses start() {
        SessionDirectory dir = plan.dir().create();
        SunshineConfModel conf = SunshineConfModel.of(plan.sessionId(), dir, plan.lease().basePort(), plan.spec(),
                plan.sunshine());
        WebUiCredentials login = WebUiCredentials.generate(random);
        files.write(dir, conf, SunshineAppsModel.of(dir, plan.lease().display(), plan.spec().geometry(), plan.xServer()),
                DisplayResizeModel.of(plan.sessionId(), dir, plan.lease().display()),
                WebUiCredentialsModel.of(plan.sessionId(), conf, login));
        runtime.start(runner);
        if (plan.launch().runsSunshine()) {
            try {
                files.applyCredentials(runner, runtime, plan.sunshineProgram(), dir, login);
            } catch (MoonlightException e) {
                runtime.stop(runner);
                throw e;
            }
        }
        return SessionProcesses.start(plan.launch(), runtime, runner, random);
    }

    private SessionEndpoints endpoints() {
        int port = plan.lease().basePort();
        return new SessionEndpoints(plan.lease().node(), plan.lease().display(), port, port + 1,
                SunshineFiles.webUiLogin(plan.dir()), plan.dir().logDir());
    }
}
