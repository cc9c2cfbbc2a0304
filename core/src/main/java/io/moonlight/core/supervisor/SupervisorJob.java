package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.SupervisorConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.template.TemplateRenderer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A session job from the inside ({@code moonlight session run ID}): reads the session's token, asks
 * the gateway what to run, reports STARTING on this node, claims the port block and a display that is
 * free on this node (and, when another X server takes that display before the session's listens,
 * releases it and claims another), runs the session through a {@link SessionSupervisor} with
 * heartbeats meanwhile, and on its end (SIGTERM, or a part that failed) releases the lease and reports ENDED or FAILED with
 * the reason. Everything it reports goes through the gateway with the session's token; the job holds
 * no store credentials.
 */
public final class SupervisorJob {
    /** How long a report waits for a gateway that restarts. */
    static final Duration GATEWAY_RETRY = Duration.ofSeconds(60);
    /** Reasons are one line for the gateway: control characters become spaces, length is bounded. */
    private static final int MAX_REASON = 1000;

    private final MoonlightConfig config;
    private final CommandRunner runner;
    private final TemplateRenderer renderer;
    private final PrintStream log;
    private final NodeDisplays displays;

    /** @param displays where this node's X servers keep their locks and sockets ({@link NodeDisplays#onThisHost}) */
    public SupervisorJob(MoonlightConfig config, CommandRunner runner, TemplateRenderer renderer, PrintStream log,
            NodeDisplays displays) {
        this.config = config;
        this.runner = runner;
        this.renderer = renderer;
        this.log = log;
        this.displays = displays;
    }

    /**
     * Runs session {@code id} with the token in {@code tokenFile} until it ends; the outcome says how.
     * Errors before the lease (no token, gateway unreachable) are thrown: there is nothing to report to.
     */
    public SupervisorOutcome run(String id, Path tokenFile, Map<String, String> env) {
        SessionIds.check(id);
        String token = SessionTokenFile.read(tokenFile);
        SupervisorConfig settings = config.supervisor();
        GatewayClient gateway = new GatewayClient(settings.gatewayUrl(config.gateway()), id, token, GATEWAY_RETRY);
        GatewayClient.Assignment assignment = gateway.assignment();
        String node = nodeName(env);
        Lease lease;
        try {
            gateway.starting(node);
            lease = claimLease(gateway, node, List.of());
        } catch (MoonlightException e) {
            reportFailure(gateway, "cannot start on " + node + ": " + e.getMessage());
            throw e;
        }
        log.println("moonlight: session " + id + " on " + node + " display :" + lease.display() + " Sunshine port "
                + lease.basePort());
        AgentReports agentReports = new AgentReports(gateway);
        SessionSupervisor supervisor;
        try {
            List<String> agent = agentCommand(id, assignment.spec(), tokenFile, env, agentReports);
            supervisor = supervisor(id, assignment, lease, agent, taken -> {
                gateway.releaseLease();
                Lease other = claimLease(gateway, node, taken);
                log.println("moonlight: display :" + taken.get(taken.size() - 1) + " was taken by another X server;"
                        + " now display :" + other.display() + " Sunshine port " + other.basePort());
                return other;
            });
        } catch (MoonlightException e) {
            agentReports.close();
            SupervisorOutcome outcome = new SupervisorOutcome(SessionState.FAILED, e.getMessage(),
                    new StopReport(List.of(), List.of()));
            reportEnd(gateway, outcome);
            return outcome;
        }
        supervisor.stopOnSigterm();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "moonlight-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeatSeconds();
        heartbeats.scheduleWithFixedDelay(() -> heartbeat(gateway, supervisor), every, every, TimeUnit.SECONDS);
        try {
            return supervisor.run(new Reports(gateway, supervisor, heartbeats, agentReports));
        } finally {
            heartbeats.shutdownNow();
            agentReports.close();
        }
    }

    /**
     * A lease on one of the displays free on this node now, none of {@code taken}: the node's own X
     * servers first, since the store knows only moonlight's leases.
     */
    private Lease claimLease(GatewayClient gateway, String node, List<Integer> taken) {
        List<Integer> free = displays.freeOrFail(node, config.supervisor().lastDisplay()).stream()
                .filter(d -> !taken.contains(d)).toList();
        return gateway.claimLease(node, free);
    }

    /**
     * {@code moonlight agent} for this session through the same launcher as this job, given all it
     * needs on its command line (it reads no configuration); the supervisor adds the display.
     * Empty, and reported {@code off} with why, when {@code supervisor.agent} is off, or when no launcher
     * is known (a supervisor run in-process, not through the launcher).
     */
    private List<String> agentCommand(String id, SessionSpec spec, Path tokenFile, Map<String, String> env,
            AgentListener agentReports) {
        SupervisorConfig settings = config.supervisor();
        if (!settings.agent()) {
            agentReports.agent(AgentState.OFF, "the site runs no agent for browsers (supervisor.agent is false)");
            return List.of();
        }
        Path launcher;
        try {
            launcher = SiteSessionService.launcher(config, env);
        } catch (MoonlightException e) {
            // The desktop runs without its agent rather than not at all.
            String why = "no agent for browsers: " + e.getMessage() + e.hint().map(h -> " (hint: " + h + ")").orElse("");
            log.println("moonlight: " + why);
            agentReports.agent(AgentState.OFF, why);
            return List.of();
        }
        return List.of(launcher.toString(), "agent", id,
                "--signaling-url", settings.signalingUrl(config.gateway()).toString(),
                "--fps", String.valueOf(spec.fps()), "--bitrate-kbps", String.valueOf(spec.bitrateKbps()),
                "--token-file", tokenFile.toAbsolutePath().toString());
    }

    private SessionSupervisor supervisor(String id, GatewayClient.Assignment assignment, Lease lease,
            List<String> agent, DisplayLeases others) {
        SupervisorConfig settings = config.supervisor();
        config.image(assignment.spec().image());
        SessionDirectory dir = SessionDirectory.of(config.paths(), assignment.user(), id);
        XServer xServer = "xorg".equals(settings.xServer()) ? XServer.XORG : XServer.XVFB;
        SunshineSettings sunshine = new SunshineSettings(config.sunshine().encoder(), null, null, null, null, null,
                null, null, null);
        SupervisorPlan plan = new SupervisorPlan(id, assignment.spec(), lease, dir, sunshine, xServer,
                settings.xorgConfig(), settings.desktop(), settings.sunshine(), agent, settings.audio(),
                Duration.ofSeconds(config.slurm().graceSeconds()), Duration.ofSeconds(settings.displayTimeoutSeconds()));
        return new SessionSupervisor(plan, others, runtime(id, assignment, dir, xServer), runner, renderer,
                new SecureRandom());
    }

    private SessionRuntime runtime(String id, GatewayClient.Assignment assignment, SessionDirectory dir, XServer xServer) {
        if ("host".equals(config.supervisor().runtime())) {
            return new HostRuntime();
        }
        Path image = config.paths().imageDir().resolve(config.image(assignment.spec().image()).file());
        return new ApptainerRuntime(config.apptainer().binary(), image, id, dir, xServer == XServer.XORG, Optional.empty());
    }

    /** The node as the scheduler names it (Slurm's node name; else this host's name, as the local scheduler). */
    static String nodeName(Map<String, String> env) {
        String slurm = env.get("SLURMD_NODENAME");
        if (slurm != null && !slurm.isBlank()) {
            return slurm;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Logs how the session ended, frees the lease and reports ENDED or FAILED. */
    private void reportEnd(GatewayClient gateway, SupervisorOutcome outcome) {
        outcome.stop().steps().forEach(step -> log.println("moonlight: stop: " + step));
        if (!outcome.stop().clean()) {
            log.println("moonlight: still running after the stop: " + outcome.stop().survivors());
        }
        log.println("moonlight: session " + outcome.state() + ": " + outcome.reason());
        try {
            gateway.releaseLease();
            String reason = oneLine(outcome.reason());
            if (outcome.state() == SessionState.FAILED) {
                gateway.failed(reason);
            } else {
                gateway.ended(reason);
            }
        } catch (MoonlightException e) {
            log.println("moonlight: the end was not reported (cleanup will find it): " + e.getMessage());
        }
    }

    private void reportFailure(GatewayClient gateway, String reason) {
        try {
            gateway.failed(oneLine(reason));
        } catch (MoonlightException e) {
            log.println("moonlight: the failure was not reported (cleanup will find it): " + e.getMessage());
        }
    }

    /**
     * One heartbeat. A session that is over in the store (an admin stopped it, cleanup ended it, or it
     * failed while the gateway was away) is stopped here too: its desktop must not keep running, nor
     * hold the node's display and ports, for a session nobody can reach or end any more.
     */
    private void heartbeat(GatewayClient gateway, SessionSupervisor supervisor) {
        try {
            gateway.heartbeat();
        } catch (GatewayRefusal e) {
            log.println("moonlight: heartbeat refused: " + e.getMessage());
            if (e.sessionOver()) {
                supervisor.requestStop("the session is over at the gateway: " + e.getMessage());
            }
        } catch (MoonlightException e) {
            // The next one may get through; the gateway's cleanup judges sessions by missed heartbeats.
            log.println("moonlight: heartbeat not delivered: " + e.getMessage());
        }
    }

    static String oneLine(String reason) {
        String line = reason.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (line.isEmpty()) {
            return "no reason given";
        }
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON - 3) + "..." : line;
    }

    /**
     * The agent's news, reported to the gateway in order on a thread of their own, so that the thread
     * that saw it (a process's exit) never waits for the gateway; what cannot be reported is logged,
     * and the desktop goes on.
     */
    private class AgentReports implements AgentListener {
        private final GatewayClient gateway;
        private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "moonlight-agent-report");
            thread.setDaemon(true);
            return thread;
        });

        AgentReports(GatewayClient gateway) {
            this.gateway = gateway;
        }

        @Override
        public void agent(AgentState state, String reason) {
            String line = reason.isBlank() ? "" : oneLine(reason);
            try {
                sender.execute(() -> {
                    try {
                        gateway.agent(state, line);
                    } catch (MoonlightException e) {
                        log.println("moonlight: the agent's state (" + state.id() + ") was not reported: "
                                + e.getMessage());
                    }
                });
            } catch (RejectedExecutionException over) {
                // Closed: the session is over, and so is news about its agent.
            }
        }

        /** Drops what is not sent yet: the session is over. */
        void close() {
            sender.shutdownNow();
        }
    }

    /** The supervisor's events, reported to the gateway; what cannot be reported is logged. */
    private class Reports implements SupervisorEvents {
        private final GatewayClient gateway;
        private final SessionSupervisor supervisor;
        private final ScheduledExecutorService heartbeats;
        private final AgentReports agentReports;

        Reports(GatewayClient gateway, SessionSupervisor supervisor, ScheduledExecutorService heartbeats,
                AgentReports agentReports) {
            this.gateway = gateway;
            this.supervisor = supervisor;
            this.heartbeats = heartbeats;
            this.agentReports = agentReports;
        }

        @Override
        public void agent(AgentState state, String reason) {
            agentReports.agent(state, reason);
        }

        @Override
        public void ready(SessionEndpoints endpoints) {
            try {
                gateway.ready(endpoints);
                log.println("moonlight: READY on " + endpoints.node() + ":" + endpoints.sunshinePort() + " display :"
                        + endpoints.display());
            } catch (MoonlightException e) {
                // A session nobody can find (or that was stopped meanwhile) is not kept running.
                log.println("moonlight: READY not accepted: " + e.getMessage());
                supervisor.requestStop("READY not accepted by the gateway: " + e.getMessage());
            }
        }

        @Override
        public void ended(SupervisorOutcome outcome) {
            heartbeats.shutdownNow();
            agentReports.close();
            reportEnd(gateway, outcome);
        }
    }
}
