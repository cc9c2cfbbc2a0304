package io.moonlight.agent.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.moonlight.agent.x11.XConnection;

/**
 * Draws on an X display as an ordinary X client would, on a connection of its own: filled rectangles
 * of exact 24-bit colours on the root window or in a new top-level window.
 */
public final class XDrawing implements AutoCloseable {
    private static final Calls X = Native.load("libX11.so.6", Calls.class);
    private final XConnection connection;
    private final Pointer gc;

    public XDrawing(String display) {
        connection = XConnection.open(display);
        gc = X.XCreateGC(connection.display(), connection.root(), new NativeLong(0), null);
    }

    /** Fills a rectangle of the root window with a 0xRRGGBB colour and waits until the server drew it. */
    public XDrawing fill(int x, int y, int width, int height, int rgb) {
        return fill(connection.root(), x, y, width, height, rgb);
    }

    /** Maps a new window and fills it with a 0xRRGGBB colour (drawing an application would do). */
    public XDrawing window(int x, int y, int width, int height, int rgb) {
        NativeLong window = X.XCreateSimpleWindow(connection.display(), connection.root(), x, y, width, height, 0,
                new NativeLong(0), new NativeLong(0));
        X.XMapWindow(connection.display(), window);
        return fill(window, 0, 0, width, height, rgb);
    }

    /** A request the server refuses: drawing on a window that does not exist. */
    public void fillNoSuchWindow() {
        X.XFillRectangle(connection.display(), new NativeLong(0x7fffff01L), gc, 0, 0, 1, 1);
    }

    public XConnection connection() {
        return connection;
    }

    private XDrawing fill(NativeLong drawable, int x, int y, int width, int height, int rgb) {
        X.XSetForeground(connection.display(), gc, new NativeLong(rgb));
        X.XFillRectangle(connection.display(), drawable, gc, x, y, width, height);
        connection.sync("drawing");
        return this;
    }

    @Override
    public void close() {
        X.XFreeGC(connection.display(), gc);
        connection.close();
    }

    interface Calls extends Library {
        Pointer XCreateGC(Pointer display, NativeLong drawable, NativeLong valueMask, Pointer values);

        int XSetForeground(Pointer display, Pointer gc, NativeLong pixel);

        int XFillRectangle(Pointer display, NativeLong drawable, Pointer gc, int x, int y, int width, int height);

        NativeLong XCreateSimpleWindow(Pointer display, NativeLong parent, int x, int y, int width, int height,
                int borderWidth, NativeLong border, NativeLong background);

        int XMapWindow(Pointer display, NativeLong window);

        int XFreeGC(Pointer display, Pointer gc);
    }
}
