package io.moonlight.agent.input;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.Xlib;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A small X client for the input tests: a focused window covering the screen that records key
 * presses and releases (keycode, state, keysym and string as XLookupString gives them, and the
 * character the keysym stands for by libxkbcommon), button presses and releases with their position.
 * Xlib is used from its own thread only.
 */
final class TestXClient implements AutoCloseable {
    static final int KEY_PRESS = 2;
    static final int KEY_RELEASE = 3;
    static final int BUTTON_PRESS = 4;
    static final int BUTTON_RELEASE = 5;
    private static final int MAP_NOTIFY = 19;
    private static final int MAPPING_NOTIFY = 34;
    private static final long EVENT_MASK = 1 | 2 | 4 | 8 | (1 << 17); // keys, buttons, structure
    private static final int REVERT_TO_PARENT = 2;

    /** One event as the client saw it; {@code detail} is the keycode or the button. */
    record Event(int type, int detail, int state, long keysym, String string, int character, int x, int y) {
    }

    /** The window and event calls the agent's own Xlib interface has no use for. */
    interface WindowCalls extends Library {
        WindowCalls INSTANCE = Native.load("libX11.so.6", WindowCalls.class);

        NativeLong XCreateSimpleWindow(Pointer display, NativeLong parent, int x, int y, int width, int height,
                                       int borderWidth, NativeLong border, NativeLong background);

        int XMapWindow(Pointer display, NativeLong window);

        int XSetInputFocus(Pointer display, NativeLong window, int revertTo, NativeLong time);

        int XLookupString(Pointer keyEvent, byte[] buffer, int length, NativeLongByReference keysym, Pointer status);

        int XRefreshKeyboardMapping(Pointer mappingEvent);
    }

    interface XkbCommon extends Library {
        XkbCommon INSTANCE = Native.load("xkbcommon", XkbCommon.class);

        int xkb_keysym_to_utf32(int keysym);
    }

    private final List<Event> events = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    private TestXClient(String display, int width, int height) {
        thread = new Thread(() -> run(display, width, height), "test-x-client");
        thread.setDaemon(true);
    }

    static TestXClient open(String display, int width, int height) throws InterruptedException {
        TestXClient client = new TestXClient(display, width, height);
        client.thread.start();
        if (!client.ready.await(10, TimeUnit.SECONDS) || client.failure != null) {
            throw new IllegalStateException("test X client did not start on " + display, client.failure);
        }
        return client;
    }

    private void run(String name, int width, int height) {
        // The agent's connection: its libX11 set-up (XInitThreads, error handlers) comes before the display.
        XConnection connection;
        try {
            connection = XConnection.open(name);
        } catch (RuntimeException e) {
            failure = e;
            ready.countDown();
            return;
        }
        Xlib x = XLibraries.xlib();
        WindowCalls windows = WindowCalls.INSTANCE;
        Pointer display = connection.display();
        try (connection; Memory event = new Memory(192)) {
            NativeLong window = windows.XCreateSimpleWindow(display, connection.root(), 0, 0, width, height, 0,
                    new NativeLong(0), new NativeLong(0));
            x.XSelectInput(display, window, new NativeLong(EVENT_MASK));
            windows.XMapWindow(display, window);
            do {
                x.XNextEvent(display, event);
            } while (event.getInt(0) != MAP_NOTIFY);
            windows.XSetInputFocus(display, window, REVERT_TO_PARENT, new NativeLong(0));
            x.XSync(display, false);
            ready.countDown();
            while (!closed) {
                if (x.XPending(display) == 0) {
                    Thread.sleep(2);
                    continue;
                }
                x.XNextEvent(display, event);
                record(windows, event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(WindowCalls x, Pointer event) {
        int type = event.getInt(0);
        if (type == MAPPING_NOTIFY) {
            x.XRefreshKeyboardMapping(event);
            return;
        }
        if (type < KEY_PRESS || type > BUTTON_RELEASE) {
            return;
        }
        long keysym = 0;
        String string = "";
        if (type == KEY_PRESS || type == KEY_RELEASE) {
            byte[] buffer = new byte[16];
            NativeLongByReference sym = new NativeLongByReference();
            int length = x.XLookupString(event, buffer, buffer.length, sym, null);
            keysym = sym.getValue().longValue();
            string = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        }
        int character = keysym == 0 ? 0 : XkbCommon.INSTANCE.xkb_keysym_to_utf32((int) keysym);
        Event recorded = new Event(type, event.getInt(84), event.getInt(80), keysym, string, character,
                event.getInt(64), event.getInt(68));
        synchronized (events) {
            events.add(recorded);
            events.notifyAll();
        }
    }

    /** Waits until the events seen so far satisfy the condition; returns them (fails after the timeout). */
    List<Event> await(Predicate<List<Event>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (!condition.test(events)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("X client did not see the expected events; it saw " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
            return List.copyOf(events);
        }
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5000);
    }
}
