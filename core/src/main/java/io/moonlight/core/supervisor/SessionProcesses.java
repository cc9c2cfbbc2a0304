package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.AgentState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A session's process tree: the X display, its sound server, the desktop, Sunshine and the browser's
 * agent, started in that order as plain children of this process (no setsid, no daemon: Slurm's proctrack must see them
 * and end them with the job), each with its output in the session's log directory. The first child
 * that ends on its own fails the session with a reason naming it; the agent is started again instead,
 * a few times, and an {@link AgentListener} is told each start, restart and the giving up. The sound
 * server is no reason to fail either: without it the desktop runs silent. {@link #stop}
 * ends them in reverse order within the grace time (SIGTERM, then SIGKILL), then the session's stray
 * processes and the runtime, and removes the display's lock and socket when its server could not.
 *
 * <p>Long-running children are started here rather than through a {@link CommandRunner}, which runs a
 * command to its end; helper commands (the display probe, the resize) go through the runner.
 */
public final class SessionProcesses {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    /** How long after a child ends the others are given to end too, before the cause is named. */
    private static final Duration SETTLE = Duration.ofMillis(300);
    static final int AGENT_RESTARTS = 3;
    static final Duration AGENT_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration AGENT_STEADY = Duration.ofSeconds(60);
    static final String SOUND_LOG = "pulseaudio.out";
    private static final Duration SOUND_TIMEOUT = Duration.ofSeconds(10);
    private final SessionLaunch launch;
    private final SessionRuntime runtime;
    private final CommandRunner runner;
    private final AgentListener agentListener;
    private final List<SessionChild> children = new ArrayList<>();
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private volatile boolean stopping;
    /** The sound server's address for the children started after it; null: the session is silent. */
    private volatile String soundAddress;
    /** Why the session is silent although it asked for sound, for the agent's reports; empty otherwise. */
    private volatile String silence = "";
    private StopReport stopped;

    private SessionProcesses(SessionLaunch launch, SessionRuntime runtime, CommandRunner runner,
            AgentListener agentListener) {
        this.launch = launch;
        this.runtime = runtime;
        this.runner = runner;
        this.agentListener = agentListener;
    }

    /**
     * Starts the display (and waits until it answers), the desktop and Sunshine in the started
     * {@code runtime}, which this then owns: {@link #stop} stops it. When any of it fails, what already
     * started is stopped again (the runtime too) and the error names the part that failed; a
     * {@link DisplayTakenException} when the display did not come up because another X server (or any
     * holder of its lock, socket or abstract socket) has it. {@code agentListener} hears about the agent.
     */
    public static SessionProcesses start(SessionLaunch launch, SessionRuntime runtime, CommandRunner runner,
            RandomGenerator cookies, AgentListener agentListener) {
        XDisplayFiles displayFiles = XDisplayFiles.of(launch.display());
        SessionProcesses processes = new SessionProcesses(launch, runtime, runner, agentListener);
        boolean displayUp = false;
        try {
            displayFiles.checkFree();
            Path auth = XAuthority.write(launch.dir(), launch.display(), cookies);
            SessionChild x = processes.launch("X server " + launch.xServer().label() + " on " + launch.displayName(),
                    launch.xServer().argv(launch.display(), launch.geometry(), auth, launch.dir().logDir(),
                            launch.xorgConfig()), "xserver.out");
            processes.awaitDisplay(x, displayFiles);
            displayUp = true;
            if (launch.xServer().canResize()) {
                processes.resizeToSession();
            }
            if (launch.audio()) {
                processes.startSound();
            }
            processes.launch("desktop", launch.desktop(), "desktop.out");
            if (launch.runsSunshine()) {
                List<String> sunshine = new ArrayList<>(launch.sunshine());
                sunshine.add(SunshineFiles.conf(launch.dir()).toString());
                processes.launch("sunshine", sunshine, "sunshine.out");
            }
            if (launch.runsAgent()) {
                List<String> agent = new ArrayList<>(launch.agent());
                agent.addAll(List.of("--display", launch.displayName()));
                if (launch.xServer().canResize()) {
                    agent.addAll(List.of("--resize-script", SunshineFiles.resizeScript(launch.dir()).toString()));
                }
                processes.launchAgent(agent, 0);
            }
            return processes;
        } catch (RuntimeException e) {
            processes.stop(Duration.ofSeconds(10));
            // Checked once this session's own server is gone: what holds the display now is another's.
            if (!displayUp && e instanceof MoonlightException why && NodeDisplays.onThisHost().busy(launch.display())) {
                throw new DisplayTakenException(launch.display(), why);
            }
            throw e;
        }
    }

    /** Completes with the reason when a child ends before {@link #stop} was called. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    public List<SessionChild> children() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /**
     * Stops everything within {@code grace}: each child (with its descendants) gets SIGTERM and an equal
     * share of the time left, then SIGKILL; then the session's stray processes, then the runtime. A
     * second call returns the first one's report.
     */
    public synchronized StopReport stop(Duration grace) {
        if (stopped != null) {
            return stopped;
        }
        synchronized (children) {
            // Under the children's lock: an agent restart either sees it or is among the children stopped.
            stopping = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> steps = new ArrayList<>();
        List<SessionChild> reversed = new ArrayList<>(children());
        Collections.reverse(reversed);
        for (int i = 0; i < reversed.size(); i++) {
            SessionChild child = reversed.get(i);
            long share = Math.max(0, (deadline - System.nanoTime()) / (reversed.size() - i));
            steps.add(stopChild(child, Duration.ofNanos(share)));
        }
        List<ProcessHandle> strays = StrayProcesses.onThisHost().of(launch.sessionId());
        if (!strays.isEmpty()) {
            String how = terminate(strays, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            steps.add("stopped " + strays.size() + " process(es) that had left the session's tree ("
                    + pids(strays) + ") " + how);
        }
        runtime.stop(runner).ifPresent(steps::add);
        for (Path removed : XDisplayFiles.of(launch.display()).removeLeftovers()) {
            steps.add("removed " + removed + " left by the X server");
        }
        List<Long> survivors = new ArrayList<>();
        for (SessionChild child : reversed) {
            if (child.process().isAlive()) {
                survivors.add(child.pid());
            }
        }
        StrayProcesses.onThisHost().of(launch.sessionId()).forEach(p -> survivors.add(p.pid()));
        if (!survivors.isEmpty()) {
            steps.add("still running after SIGKILL: " + survivors);
        }
        stopped = new StopReport(steps, survivors);
        return stopped;
    }

    /** Starts a part of the session in its runtime; its end fails the session. */
    private SessionChild launch(String name, List<String> argv, String logName) {
        SessionChild child = start(name, runtime.command(ExternalCommand.of(argv)), logName);
        child.process().onExit().thenRun(() -> {
            if (!stopping) {
                // A stop begun meanwhile ends the others itself: then only this child's end counts.
                failure.completeAsync(() -> stopping ? child.exitReason() : firstEnded(),
                        CompletableFuture.delayedExecutor(SETTLE.toMillis(), TimeUnit.MILLISECONDS));
            }
        });
        return child;
    }

    /**
     * Starts the browser's agent on the host (it is moonlight's own program, not the image's). Its end
     * does not end the desktop: it is started again after {@link #AGENT_RESTART_DELAY} doubling, up to
     * {@value #AGENT_RESTARTS} times in a row (a run of {@link #AGENT_STEADY} or longer starts the count
     * again), then given up; each end and restart is written to its log and told to the listener, as is
     * each start. An agent that cannot be started at all is given up at once.
     */
    private void launchAgent(List<String> argv, int restarts) {
        Optional<SessionChild> agent;
        try {
            agent = startAgentUnlessStopping(argv);
        } catch (MoonlightException e) {
            // Its program is missing: the desktop goes on without it.
            agentListener.agent(AgentState.FAILED, e.getMessage());
            return;
        }
        agent.ifPresent(started -> {
            agentListener.agent(AgentState.RUNNING, "started as pid " + started.pid()
                    + (silence.isEmpty() ? "" : "; " + silence));
            watchAgent(started, argv, restarts);
        });
    }

    private Optional<SessionChild> startAgentUnlessStopping(List<String> argv) {
        synchronized (children) {
            return stopping ? Optional.empty() : Optional.of(start("agent", ExternalCommand.of(argv), "agent.out"));
        }
    }

    /** Starts the agent again when it ends on its own, or gives it up. */
    private void watchAgent(SessionChild agent, List<String> argv, int restarts) {
        long started = System.nanoTime();
        agent.process().onExit().thenRun(() -> {
            if (stopping) {
                return;
            }
            synchronized (children) {
                children.remove(agent);
            }
            boolean steady = System.nanoTime() - started >= AGENT_STEADY.toNanos();
            int tries = steady ? 0 : restarts;
            if (tries >= AGENT_RESTARTS) {
                String why = agent.exitReason() + "; not started again after " + AGENT_RESTARTS + " restarts";
                note(agent.log(), "moonlight: " + why + ": browsers cannot view this session (the desktop and Sunshine go on)");
                agentListener.agent(AgentState.FAILED, why);
                return;
            }
            Duration delay = AGENT_RESTART_DELAY.multipliedBy(1L << tries);
            String why = agent.exitReason() + "; starting it again in " + delay.toMillis() + " ms (" + (tries + 1)
                    + " of " + AGENT_RESTARTS + ")";
            note(agent.log(), "moonlight: " + why);
            agentListener.agent(AgentState.RESTARTING, why);
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> launchAgent(argv, tries + 1));
        });
    }

    /**
     * Starts the session's sound server and waits until it answers; the children started after it get
     * its address. Sound is not worth a session: when the server cannot start (not installed, or it
     * fails), the desktop runs silent, and why goes to the server's log and the agent's reports.
     */
    private void startSound() {
        SoundServer sound = new SoundServer(launch.dir());
        SessionChild server = null;
        try {
            sound.prepare();
            server = start("sound server", sound.command(), SOUND_LOG);
            awaitSound(server, sound);
            soundAddress = sound.address();
            watchSound(server);
        } catch (MoonlightException e) {
            silence = "no sound: " + e.getMessage();
            if (server != null) {
                synchronized (children) {
                    children.remove(server);
                }
                stopChild(server, KILL_WAIT);
            }
            note(launch.dir().log(SOUND_LOG), "moonlight: " + silence + "; the desktop runs silent");
        }
    }

    private void awaitSound(SessionChild server, SoundServer sound) {
        long deadline = System.nanoTime() + SOUND_TIMEOUT.toNanos();
        while (!sound.answers()) {
            if (!server.process().isAlive()) {
                throw MoonlightException.failed(server.exitReason(), null);
            }
            if (System.nanoTime() > deadline) {
                throw MoonlightException.failed("the sound server did not answer on " + sound.socket() + " within "
                        + SOUND_TIMEOUT.toSeconds() + " s", null);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /** A sound server that ends on its own leaves the desktop silent, not failed. */
    private void watchSound(SessionChild server) {
        server.process().onExit().thenRun(() -> {
            if (!stopping) {
                synchronized (children) {
                    children.remove(server);
                }
                note(server.log(), "moonlight: " + server.exitReason() + "; the desktop is silent from now on");
            }
        });
    }

    private static void note(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is the session's; when it is gone, so is the session.
        }
    }

    private SessionChild start(String name, ExternalCommand argv, String logName) {
        ExternalCommand command = argv
                .withEnv("DISPLAY", launch.displayName())
                .withEnv("XAUTHORITY", XAuthority.file(launch.dir()).toString())
                .withEnv(StrayProcesses.MARKER, launch.sessionId());
        if (soundAddress != null) {
            command = command.withEnv(SoundServer.SERVER_VARIABLE, soundAddress);
        }
        Path log = launch.dir().log(logName);
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(launch.dir().dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(command.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw MoonlightException.unavailable("cannot start the " + name + ": '" + command.program()
                    + "' is not installed or not on PATH", "install it on the node or in the session's image");
        }
        SessionChild child = new SessionChild(name, process, log);
        synchronized (children) {
            children.add(child);
        }
        return child;
    }

    /**
     * The reason naming the first child in start order that has ended: when the X server dies, the
     * desktop and Sunshine lose their display and end too, in any order; the display is the cause.
     */
    private String firstEnded() {
        return children().stream().filter(c -> !c.process().isAlive()).findFirst()
                .map(SessionChild::exitReason).orElse("a session process ended");
    }

    /** Waits until the display's socket exists and xdpyinfo gets an answer from it. */
    private void awaitDisplay(SessionChild x, XDisplayFiles files) {
        long deadline = System.nanoTime() + launch.displayTimeout().toNanos();
        ExternalCommand probe = runtime.command(ExternalCommand.of("xdpyinfo", "-display", launch.displayName())
                .withEnv("XAUTHORITY", XAuthority.file(launch.dir()).toString())
                .withTimeout(PROBE_TIMEOUT).asReadOnly());
        while (true) {
            if (!x.process().isAlive()) {
                throw MoonlightException.failed("the display did not come up: " + x.exitReason(),
                        "see the X server's log");
            }
            if (Files.exists(files.socket()) && runner.run(probe).succeeded()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw MoonlightException.failed("display " + launch.displayName() + " did not answer within "
                        + launch.displayTimeout().toSeconds() + " s", "see " + x.log());
            }
            sleep(POLL);
        }
    }

    private void resizeToSession() {
        String script = SunshineFiles.resizeScript(launch.dir()).toString();
        ExternalCommand resize = runtime.command(ExternalCommand.of("sh", script, String.valueOf(launch.geometry().width()),
                String.valueOf(launch.geometry().height()), String.valueOf(launch.fps())));
        runner.run(resize).orFail("cannot set display " + launch.displayName() + " to " + launch.geometry(),
                "check that the X server has the dummy driver's RandR modes");
    }

    private static String stopChild(SessionChild child, Duration share) {
        if (!child.process().isAlive()) {
            return child.name() + " (pid " + child.pid() + ") had already exited with code " + child.process().exitValue();
        }
        List<ProcessHandle> tree = new ArrayList<>(child.process().descendants().toList());
        tree.add(child.process().toHandle());
        return child.name() + " (pid " + child.pid() + ") " + terminate(tree, share);
    }

    /**
     * Sends SIGTERM to all of {@code processes} at once (a parent that dies first would leave its
     * children to init, outside the job), waits up to {@code grace}, then SIGKILLs what is left.
     */
    private static String terminate(List<ProcessHandle> processes, Duration grace) {
        long start = System.nanoTime();
        Set<ProcessHandle> all = new LinkedHashSet<>(processes);
        all.forEach(ProcessHandle::destroy);
        if (awaitGone(all, grace)) {
            return "stopped by SIGTERM in " + seconds(System.nanoTime() - start);
        }
        for (ProcessHandle p : List.copyOf(all)) {
            p.descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        awaitGone(all, KILL_WAIT);
        return "killed with SIGKILL after " + seconds(System.nanoTime() - start) + " (SIGTERM was not enough)";
    }

    private static boolean awaitGone(Set<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
        return true;
    }

    private static String pids(List<ProcessHandle> processes) {
        return processes.stream().map(p -> "pid " + p.pid()).collect(Collectors.joining(", "));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while the session was starting or stopping", null);
        }
    }
}
