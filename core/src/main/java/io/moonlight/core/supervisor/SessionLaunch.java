package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.SessionIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a session's process tree consists of: the X server on the leased display with the session's
 * size, the desktop command, and Sunshine ({@code sunshine} is the program, the supervisor adds the
 * session's sunshine.conf; empty: no Sunshine on this host), and the browser's agent ({@code agent}: its
 * command without the display, which the supervisor adds; empty: none), and whether a {@link SoundServer}
 * gives the desktop a sound output for the agent to stream ({@code audio}). {@code xorgConfig} is the dummy driver's configuration Xorg reads
 * ({@code supervisor.xorg_config}); {@code displayTimeout} bounds the wait for the display to answer.
 */
public record SessionLaunch(String sessionId, SessionDirectory dir, int display, Geometry geometry, int fps,
        XServer xServer, Path xorgConfig, List<String> desktop, List<String> sunshine, List<String> agent,
        boolean audio, Duration displayTimeout) {

    public SessionLaunch {
        SessionIds.check(sessionId);
        Objects.requireNonNull(dir, "dir");
        if (display < LeasePolicy.FIRST_DISPLAY) {
            throw MoonlightException.badInput("display :" + display + " is not a moonlight display",
                    "displays :1-:9 belong to the VNC service; moonlight's start at :" + LeasePolicy.FIRST_DISPLAY);
        }
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(xServer, "xServer");
        Objects.requireNonNull(xorgConfig, "xorgConfig");
        desktop = List.copyOf(desktop);
        sunshine = List.copyOf(sunshine);
        agent = List.copyOf(agent);
        if (desktop.isEmpty()) {
            throw MoonlightException.badInput("a session needs a desktop command",
                    "set supervisor.desktop (e.g. [moonlight-desktop])");
        }
        Objects.requireNonNull(displayTimeout, "displayTimeout");
    }

    public boolean runsSunshine() {
        return !sunshine.isEmpty();
    }

    public boolean runsAgent() {
        return !agent.isEmpty();
    }

    public String displayName() {
        return ":" + display;
    }
}
