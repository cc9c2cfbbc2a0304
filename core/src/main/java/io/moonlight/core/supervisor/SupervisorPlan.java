package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the supervisor of one session needs on its node: the session, its lease (display and
 * Sunshine base port), its directory, the site's Sunshine settings, which X server to run, the desktop
 * command and the Sunshine program (in the image, or on the host), the agent's command (on the host;
 * empty: none), whether the session gets its own sound server ({@code audio}), and the grace time for stopping.
 */
public record SupervisorPlan(String sessionId, SessionSpec spec, Lease lease, SessionDirectory dir,
        SunshineSettings sunshine, XServer xServer, Path xorgConfig, List<String> desktop,
        List<String> sunshineProgram, List<String> agent, boolean audio, Duration grace, Duration displayTimeout) {

    public SupervisorPlan {
        SessionIds.check(sessionId);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(lease, "lease");
        if (!sessionId.equals(lease.sessionId())) {
            throw MoonlightException.badInput("the lease on " + lease.node() + " belongs to " + lease.sessionId()
                    + ", not to " + sessionId, "claim a lease for this session");
        }
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(sunshine, "sunshine");
        if (xServer == XServer.XVFB && !"x11".equals(sunshine.capture())) {
            // NvFBC needs an X screen on the NVIDIA driver and KMS a real display device; Xvfb has neither.
            throw MoonlightException.badInput("Sunshine cannot capture Xvfb through " + sunshine.capture(),
                    "use capture x11 with Xvfb, or Xorg with a configuration on the GPU for nvfbc/kms");
        }
        desktop = List.copyOf(desktop);
        sunshineProgram = List.copyOf(sunshineProgram);
        agent = List.copyOf(agent);
        Objects.requireNonNull(grace, "grace");
    }

    /** The same plan on another lease of the same session. */
    SupervisorPlan withLease(Lease other) {
        return new SupervisorPlan(sessionId, spec, other, dir, sunshine, xServer, xorgConfig, desktop, sunshineProgram,
                agent, audio, grace, displayTimeout);
    }

    SessionLaunch launch() {
        return new SessionLaunch(sessionId, dir, lease.display(), spec.geometry(), spec.fps(), xServer, xorgConfig,
                desktop, sunshineProgram, agent, audio, displayTimeout);
    }
}
