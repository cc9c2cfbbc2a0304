package io.moonlight.agent.input;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.moonlight.agent.x11.RootSize;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.XTestLibrary;
import io.moonlight.agent.x11.Xlib;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The input side's own X connection and everything injected through it with XTest. Xlib is not
 * thread-safe: every method runs on the one input thread.
 */
final class XInjector {
    /** MouseEvent.button 0-4 (left, middle, right, back, forward) -> X buttons. */
    private static final int[] X_BUTTONS = {1, 2, 3, 8, 9};
    private static final int WHEEL_UP = 4;
    private static final int WHEEL_DOWN = 5;
    private static final int WHEEL_LEFT = 6;
    private static final int WHEEL_RIGHT = 7;
    private final Xlib x11 = XLibraries.xlib();
    private final XTestLibrary xtest = XLibraries.xtest();
    private final XConnection connection;
    private final Pointer display;
    private final int screen;
    /** The pointer goes to a fraction of the screen as it is now: a resize (xrandr) changes the scale. */
    private final RootSize size;
    private final Map<String, Integer> keycodeByCode;
    private final TextTyper typer;

    private XInjector(XConnection connection, ScheduledExecutorService inputThread) {
        this.connection = connection;
        this.display = connection.display();
        this.screen = connection.screen();
        this.size = RootSize.watch(connection);
        Map<String, Integer> keycodeByName = XkbKeyNames.read(display);
        this.keycodeByCode = keycodes(keycodeByName);
        SpareKeycodes spares = new SpareKeycodes(display, DisplayKeymap.read(display).spareKeycodes(),
                new HashSet<>(keycodeByCode.values()), new HashSet<>(keycodeByName.values()));
        this.typer = new TextTyper(display, spares, new KeymapPublisher(new ProcessCommandRunner(), connection.name()),
                inputThread);
    }

    /** A connection of its own, with the shared error handlers: a refused request never ends the agent. */
    static XInjector open(String displayName, ScheduledExecutorService inputThread) {
        XConnection connection = XConnection.open(displayName);
        IntByReference ignored = new IntByReference();
        if (!XLibraries.xtest().XTestQueryExtension(connection.display(), ignored, ignored, ignored, ignored)) {
            connection.close();
            throw MoonlightException.unavailable("X display " + displayName + " has no XTEST extension",
                    "start the X server with XTEST enabled (Xvfb and Xorg have it unless '-extension XTEST')");
        }
        return new XInjector(connection, inputThread);
    }

    /**
     * KeyboardEvent.code -> keycode through the server's XKB key names (so any keycodes set works);
     * the evdev code + 8 where the server has no such name.
     */
    private static Map<String, Integer> keycodes(Map<String, Integer> byName) {
        Map<String, Integer> byCode = new HashMap<>();
        for (PhysicalKeys.PhysicalKey key : PhysicalKeys.all()) {
            byCode.put(key.code(), byName.getOrDefault(key.xkbName(), key.evdevKeycode()));
        }
        return byCode;
    }

    void apply(ViewerState viewer, InputMessage message) throws InterruptedException {
        if (message instanceof InputMessage.Move move) {
            size.readQueued();
            xtest.XTestFakeMotionEvent(display, screen, scale(move.x(), size.width()), scale(move.y(), size.height()),
                    XTestLibrary.NOW);
        } else if (message instanceof InputMessage.Rel rel) {
            xtest.XTestFakeRelativeMotionEvent(display, rel.dx(), rel.dy(), XTestLibrary.NOW);
        } else if (message instanceof InputMessage.Button button) {
            button(viewer, X_BUTTONS[button.button()], button.down());
        } else if (message instanceof InputMessage.Wheel wheel) {
            WheelAccumulator.Clicks clicks = viewer.wheel.add(wheel);
            click(clicks.vertical() > 0 ? WHEEL_DOWN : WHEEL_UP, Math.abs(clicks.vertical()));
            click(clicks.horizontal() > 0 ? WHEEL_RIGHT : WHEEL_LEFT, Math.abs(clicks.horizontal()));
        } else if (message instanceof InputMessage.Key key) {
            key(viewer, key.code(), key.down());
        } else if (message instanceof InputMessage.Text text) {
            typer.type(text.text());
        } else if (message instanceof InputMessage.Release) {
            releaseAll(viewer);
        }
        x11.XFlush(display);
    }

    /** A fraction of the video's size -> a pixel of the display. */
    private static int scale(double fraction, int size) {
        return Math.min((int) (fraction * size), size - 1);
    }

    private void button(ViewerState viewer, int button, boolean down) {
        // Only a change is injected: an up for a button this viewer does not hold would lift another's.
        boolean changed = down ? viewer.heldButtons.add(button) : viewer.heldButtons.remove(button);
        if (changed) {
            xtest.XTestFakeButtonEvent(display, button, down, XTestLibrary.NOW);
        }
    }

    private void click(int button, int times) {
        for (int i = 0; i < times; i++) {
            xtest.XTestFakeButtonEvent(display, button, true, XTestLibrary.NOW);
            xtest.XTestFakeButtonEvent(display, button, false, XTestLibrary.NOW);
        }
    }

    private void key(ViewerState viewer, String code, boolean down) {
        if (down) {
            // A keydown for a key already held (the browser's auto-repeat) is ignored: the X server
            // repeats a held key itself, and a second press would double the rate.
            if (!viewer.heldKeys.containsKey(code)) {
                int keycode = keycodeByCode.get(code);
                viewer.heldKeys.put(code, keycode);
                xtest.XTestFakeKeyEvent(display, keycode, true, XTestLibrary.NOW);
            }
        } else {
            Integer keycode = viewer.heldKeys.remove(code);
            if (keycode != null) {
                xtest.XTestFakeKeyEvent(display, keycode, false, XTestLibrary.NOW);
            }
        }
    }

    void releaseAll(ViewerState viewer) {
        viewer.heldKeys.values().forEach(keycode -> xtest.XTestFakeKeyEvent(display, keycode, false, XTestLibrary.NOW));
        viewer.heldButtons.forEach(button -> xtest.XTestFakeButtonEvent(display, button, false, XTestLibrary.NOW));
        viewer.heldKeys.clear();
        viewer.heldButtons.clear();
        x11.XFlush(display);
    }

    /** Gives the spare keycodes back and closes the connection. */
    void close() {
        typer.close();
        x11.XSync(display, false);
        connection.close();
    }
}
