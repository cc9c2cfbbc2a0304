package io.moonlight.agent.capture;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.moonlight.agent.x11.EventWait;
import io.moonlight.agent.x11.RootSize;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XDamage;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.Xlib;
import io.moonlight.core.MoonlightException;

/**
 * Whether the screen changed since the last grab, told by the X server's events instead of by
 * comparing pixels: XDamage reports drawing anywhere on the root window and its children, the root's
 * ConfigureNotify a resize. Reading the events that are already queued costs no round trip, so asking
 * about an unchanged screen costs next to nothing. Without the DAMAGE extension every question
 * answers "changed".
 */
final class ScreenChanges implements AutoCloseable {
    private final XConnection connection;
    private final Xlib xlib = XLibraries.xlib();
    private final Memory event = new Memory(Xlib.EVENT_SIZE);
    private final XDamage xdamage;
    private final NativeLong damage;
    private final int damageNotify;
    private final RootSize size;
    private final EventWait events;
    private boolean changed = true;

    private ScreenChanges(XConnection connection, RootSize size, XDamage xdamage, NativeLong damage, int damageNotify) {
        this.connection = connection;
        this.xdamage = xdamage;
        this.damage = damage;
        this.damageNotify = damageNotify;
        this.size = size;
        this.events = new EventWait(connection);
    }

    static ScreenChanges watch(XConnection connection) {
        RootSize size = RootSize.watch(connection);
        XDamage xdamage = XLibraries.xdamage();
        IntByReference eventBase = new IntByReference();
        if (!xdamage.XDamageQueryExtension(connection.display(), eventBase, new IntByReference())) {
            return new ScreenChanges(connection, size, null, null, -1);
        }
        NativeLong damage = xdamage.XDamageCreate(connection.display(), connection.root(), XDamage.REPORT_NON_EMPTY);
        connection.sync("creating a damage object");
        return new ScreenChanges(connection, size, xdamage, damage, eventBase.getValue() + XDamage.NOTIFY);
    }

    /** Reads the queued events: true when the screen was drawn on or resized since the last {@link #reset}. */
    boolean changed() {
        Pointer display = connection.display();
        while (xlib.XPending(display) > 0) {
            xlib.XNextEvent(display, event);
            if (event.getInt(0) == damageNotify || size.accept(event)) {
                changed = true;
            }
        }
        return changed || xdamage == null;
    }

    /**
     * Sleeps until the screen changes, {@link #wake} is called or {@code timeoutMillis} pass; true when
     * it changed. Costs nothing while the screen stays still.
     */
    boolean await(long timeoutMillis) {
        // changed() reads what Xlib holds already: the socket shows only what is still unread.
        if (changed()) {
            return true;
        }
        if (!events.await(timeoutMillis)) {
            throw MoonlightException.failed("the X server of display " + connection.name() + " closed the connection",
                    "see the session's X server log");
        }
        return changed();
    }

    /** From any thread: a waiting {@link #await} returns now. */
    void wake() {
        events.wake();
    }

    /**
     * Called just before reading the pixels: what is drawn from now on counts as a new change (the
     * server reports damage again only once the old one is subtracted).
     */
    void reset() {
        changed();
        changed = false;
        if (xdamage != null) {
            xdamage.XDamageSubtract(connection.display(), damage, XDamage.NONE, XDamage.NONE);
        }
    }

    /** The screen's size as of the last event read. */
    int width() {
        return size.width();
    }

    int height() {
        return size.height();
    }

    @Override
    public void close() {
        events.close();
        if (xdamage != null) {
            xdamage.XDamageDestroy(connection.display(), damage);
        }
    }
}
