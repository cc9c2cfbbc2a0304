package io.moonlight.agent.x11;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The screen's size as it is now, followed through the root window's ConfigureNotify events: xrandr
 * changes it, and Xlib's own DisplayWidth/DisplayHeight keep the size the connection opened with.
 * The events come on the connection that asked for them; whoever reads that connection's events
 * hands each one to {@link #accept}, or lets {@link #readQueued} read them.
 */
public final class RootSize {
    /** XConfigureEvent on LP64: type, serial, send_event, display, event, then these. */
    private static final int CONFIGURE_WINDOW = 40;
    private static final int CONFIGURE_WIDTH = 56;
    private static final int CONFIGURE_HEIGHT = 60;
    private final XConnection connection;
    private final Xlib xlib = XLibraries.xlib();
    private final Memory event = new Memory(Xlib.EVENT_SIZE);
    private int width;
    private int height;

    private RootSize(XConnection connection) {
        this.connection = connection;
        this.width = connection.initialWidth();
        this.height = connection.initialHeight();
    }

    /** Asks the server for the root window's structure events on {@code connection}. */
    public static RootSize watch(XConnection connection) {
        XLibraries.xlib().XSelectInput(connection.display(), connection.root(),
                new NativeLong(Xlib.STRUCTURE_NOTIFY_MASK));
        return new RootSize(connection);
    }

    /** Takes the size from the event when it is the root window's ConfigureNotify; true then. */
    public boolean accept(Pointer event) {
        if (event.getInt(0) != Xlib.CONFIGURE_NOTIFY || !event.getNativeLong(CONFIGURE_WINDOW).equals(connection.root())) {
            return false;
        }
        width = event.getInt(CONFIGURE_WIDTH);
        height = event.getInt(CONFIGURE_HEIGHT);
        return true;
    }

    /**
     * Reads every event already queued on the connection, following a resize among them: for a
     * connection whose events nothing else reads. Costs no round trip when none is queued.
     */
    public void readQueued() {
        Pointer display = connection.display();
        while (xlib.XPending(display) > 0) {
            xlib.XNextEvent(display, event);
            accept(event);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
