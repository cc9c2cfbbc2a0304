package io.moonlight.core.supervisor;

import io.moonlight.core.session.Geometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The X servers a session can run. Xvfb needs nothing but cannot take Sunshine's input (that comes
 * through /dev/uinput, which only an evdev-reading server sees) and cannot change its size. Xorg with
 * the image's dummy-driver configuration and libinput takes both. Neither listens on TCP, and both
 * admit only clients holding the session's cookie.
 */
public enum XServer {
    XVFB("Xvfb"),
    XORG("Xorg");

    /** Written by every moonlight image (apptainer-defs/sunshine_common.ftl); a host install may put it elsewhere. */
    /** The server itself: /usr/bin/Xorg may be a wrapper that refuses users off the console. */
    static final String XORG_BINARY = "/usr/lib/xorg/Xorg";
    private final String label;

    XServer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean canResize() {
        return this == XORG;
    }

    /**
     * The server's command line for display {@code :display}; Xorg reads {@code xorgConfig} (the dummy
     * driver's) and is sized after it answers.
     */
    public List<String> argv(int display, Geometry geometry, Path authFile, Path logDir, Path xorgConfig) {
        List<String> argv = new ArrayList<>();
        if (this == XVFB) {
            argv.addAll(List.of("Xvfb", ":" + display, "-screen", "0", geometry.width() + "x" + geometry.height() + "x24"));
        } else {
            argv.addAll(List.of(XORG_BINARY, ":" + display, "-config", xorgConfig.toString(), "-logfile",
                    logDir.resolve("Xorg.log").toString(), "-novtswitch"));
        }
        // -noreset: the display must outlive its last client (e.g. the readiness probe).
        argv.addAll(List.of("-nolisten", "tcp", "-noreset", "-auth", authFile.toString()));
        return argv;
    }
}
