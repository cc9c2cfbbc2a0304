package io.moonlight.core.supervisor;

import io.moonlight.core.config.SupervisorConfig;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * A supervisor JVM as a job runs it, for the SIGTERM test: host runtime, Xvfb, xeyes as the desktop,
 * FakeSunshine. Arguments: session root, session id, display, base port. Prints READY and, once
 * stopped, the outcome and each stop step, so the test can read what happened.
 */
public final class SupervisedSessionMain {
    private SupervisedSessionMain() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        String id = args[1];
        int display = Integer.parseInt(args[2]);
        int basePort = Integer.parseInt(args[3]);
        SessionSpec spec = new SessionSpec("xfce4", TestSessions.GEOMETRY, 60, 20000, Codec.H264, 1);
        SupervisorPlan plan = new SupervisorPlan(id, spec, new Lease("localhost", id, basePort, display),
                SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", id), SunshineSettings.defaults(),
                XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG, TestSessions.XEYES, FakeSunshine.command(), List.of(), false, Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        SessionSupervisor supervisor = new SessionSupervisor(plan, DisplayLeases.NONE, new HostRuntime(),
                new ProcessCommandRunner(), TemplateRenderer.shipped(), new SecureRandom());
        supervisor.stopOnSigterm();
        supervisor.run(new SupervisorEvents() {
            @Override
            public void ready(SessionEndpoints endpoints) {
                System.out.println("READY " + endpoints.display() + " " + endpoints.sunshinePort());
                System.out.flush();
            }

            @Override
            public void agent(AgentState state, String reason) {
                System.out.println("AGENT " + state.id() + " " + reason);
                System.out.flush();
            }

            @Override
            public void ended(SupervisorOutcome outcome) {
                System.out.println(outcome.state() + " " + outcome.reason());
                List<String> steps = outcome.stop().steps();
                steps.forEach(step -> System.out.println("STEP " + step));
                System.out.println("SURVIVORS " + outcome.stop().survivors());
                System.out.flush();
            }
        });
    }
}
