package io.moonlight.agent.input;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.time.Duration;

/**
 * Makes clients that build their keymap with XKB once per keyboard (Chromium and Electron apps do:
 * they reload it on a new-keyboard notice only, not on a mapping change) see the keysyms bound to
 * spare keycodes: the display's keymap is read with xkbcomp and loaded back unchanged, which the
 * server announces as a new keyboard. It costs tens of milliseconds, so it runs only when a text
 * message bound a keysym. Without xkbcomp the Xlib and GTK clients still get the characters.
 */
final class KeymapPublisher {
    private static final System.Logger LOG = System.getLogger(KeymapPublisher.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final CommandRunner runner;
    private final String display;
    /** Set after a failure: no xkbcomp, or a server without XKB; then the rest of the session goes without. */
    private boolean unavailable;

    KeymapPublisher(CommandRunner runner, String display) {
        this.runner = runner;
        this.display = display;
    }

    void publish() {
        if (unavailable) {
            return;
        }
        try {
            ExecResult read = runner.run(ExternalCommand.of("xkbcomp", "-w0", "-xkb", display, "-")
                    .asReadOnly().withTimeout(TIMEOUT)).orFail("reading the keymap of " + display, null);
            runner.run(ExternalCommand.of("xkbcomp", "-w0", "-", display).withStdin(read.stdout())
                    .withTimeout(TIMEOUT)).orFail("loading the keymap into " + display, null);
        } catch (MoonlightException e) {
            LOG.log(System.Logger.Level.WARNING, "characters bound to spare keycodes may not reach Chromium-based"
                    + " applications: " + e.getMessage());
            unavailable = true;
        }
    }
}
