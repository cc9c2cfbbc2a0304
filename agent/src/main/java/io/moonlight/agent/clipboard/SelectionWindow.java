package io.moonlight.agent.clipboard;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.moonlight.agent.x11.X11SelectionLibrary;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XErrors;
import io.moonlight.agent.x11.XFixes;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.Xlib;
import io.moonlight.core.MoonlightException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An unmapped window of the agent's that takes part in the display's CLIPBOARD selection as X clients
 * do (ICCCM): told by XFixes when another client takes the selection, it asks the owner for the text
 * as UTF8_STRING; owning the selection, it serves TARGETS, UTF8_STRING, STRING and TEXT and refuses
 * other targets. Texts over {@link #maxBytes} are refused whole (INCR, the protocol for larger
 * transfers, is refused too). Xlib is not thread-safe: everything here runs on the clipboard's thread.
 */
final class SelectionWindow implements AutoCloseable {
    /** XSelectionRequestEvent on LP64: type, serial, send_event, display, then these. */
    private static final int REQUEST_REQUESTOR = 40;
    private static final int REQUEST_SELECTION = 48;
    private static final int REQUEST_TARGET = 56;
    private static final int REQUEST_PROPERTY = 64;
    private static final int REQUEST_TIME = 72;
    /** XSelectionEvent on LP64 (SelectionNotify). */
    private static final int NOTIFY_REQUESTOR = 32;
    private static final int NOTIFY_SELECTION = 40;
    private static final int NOTIFY_TARGET = 48;
    private static final int NOTIFY_PROPERTY = 56;
    private static final int NOTIFY_TIME = 64;
    /** XFixesSelectionNotifyEvent on LP64: the new owner. */
    private static final int FIXES_OWNER = 48;
    private final X11SelectionLibrary x = XLibraries.x11Selection();
    private final Xlib xlib = XLibraries.xlib();
    private final XConnection connection;
    private final Pointer display;
    private final NativeLong window;
    private final int fixesNotify;
    private final int maxBytes;
    private final NativeLong clipboard;
    private final NativeLong utf8String;
    private final NativeLong targets;
    private final NativeLong text;
    private final NativeLong incr;
    private final NativeLong property;
    private final Memory event = new Memory(Xlib.EVENT_SIZE);
    /** The text this window serves while it owns the selection; null when another client owns it. */
    private String owned;
    /** The clipboard's text as this window last knew it (served or read); null while it is being read. */
    private String known;

    private SelectionWindow(XConnection connection, int fixesNotify, int maxBytes) {
        this.connection = connection;
        this.display = connection.display();
        this.fixesNotify = fixesNotify;
        this.maxBytes = maxBytes;
        this.clipboard = atom("CLIPBOARD");
        this.utf8String = atom("UTF8_STRING");
        this.targets = atom("TARGETS");
        this.text = atom("TEXT");
        this.incr = atom("INCR");
        this.property = atom("MOONLIGHT_CLIPBOARD");
        this.window = x.XCreateSimpleWindow(display, connection.root(), 0, 0, 1, 1, 0, X11SelectionLibrary.NONE,
                X11SelectionLibrary.NONE);
        XLibraries.xfixes().XFixesSelectSelectionInput(display, window, clipboard,
                new NativeLong(XFixes.SET_SELECTION_OWNER_NOTIFY_MASK));
        connection.sync("watching the clipboard");
    }

    /** A window on its own connection to the display; fails with a one-line reason without XFixes. */
    static SelectionWindow open(String displayName, int maxBytes) {
        XConnection connection = XConnection.open(displayName);
        try {
            IntByReference eventBase = new IntByReference();
            if (!XLibraries.xfixes().XFixesQueryExtension(connection.display(), eventBase, new IntByReference())) {
                throw MoonlightException.unavailable("X display " + displayName + " has no XFIXES extension",
                        "start the X server with XFIXES (Xvfb and Xorg have it unless '-extension XFIXES')");
            }
            return new SelectionWindow(connection, eventBase.getValue() + XFixes.SELECTION_NOTIFY, maxBytes);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    XConnection connection() {
        return connection;
    }

    /**
     * The desktop's clipboard becomes {@code text}: this window takes the selection and serves it. A text
     * the clipboard already holds changes nothing (a viewer sends back what it was sent).
     */
    void own(String newText) {
        if (newText.equals(known)) {
            return;
        }
        owned = newText;
        known = newText;
        x.XSetSelectionOwner(display, clipboard, window, X11SelectionLibrary.CURRENT_TIME);
        // Once the server has handled it, a paste that input injects next asks this window.
        xlib.XSync(display, false);
    }

    /**
     * Handles every event already queued: another client's new clipboard is read and, once its text
     * arrives, handed to {@code changed}; a text over the limit goes to {@code refused} with its size
     * (at least; -1 when the owner sends it in parts).
     */
    void handleQueued(Consumer<String> changed, Consumer<Long> refused) {
        while (xlib.XPending(display) > 0) {
            xlib.XNextEvent(display, event);
            int type = event.getInt(0);
            if (type == fixesNotify && !event.getNativeLong(FIXES_OWNER).equals(window)) {
                owned = null;
                known = null;
                if (!event.getNativeLong(FIXES_OWNER).equals(X11SelectionLibrary.NONE)) {
                    // Another client copied: ask it for the text, which comes back as a SelectionNotify.
                    x.XConvertSelection(display, clipboard, utf8String, property, window,
                            X11SelectionLibrary.CURRENT_TIME);
                }
            } else if (type == X11SelectionLibrary.SELECTION_NOTIFY) {
                readConverted(changed, refused);
            } else if (type == X11SelectionLibrary.SELECTION_REQUEST) {
                answer();
            } else if (type == X11SelectionLibrary.SELECTION_CLEAR) {
                owned = null;
            }
        }
        xlib.XFlush(display);
        // A requestor that went away before its answer makes a BadWindow: nobody is left to tell.
        XErrors.take(display);
    }

    private void readConverted(Consumer<String> changed, Consumer<Long> refused) {
        if (event.getNativeLong(NOTIFY_PROPERTY).equals(X11SelectionLibrary.NONE)) {
            return; // the owner has no text to give (an image, a file list)
        }
        NativeLongByReference type = new NativeLongByReference();
        IntByReference format = new IntByReference();
        NativeLongByReference items = new NativeLongByReference();
        NativeLongByReference bytesAfter = new NativeLongByReference();
        PointerByReference data = new PointerByReference();
        int status = x.XGetWindowProperty(display, window, property, new NativeLong(0),
                new NativeLong(maxBytes / 4 + 1), false, X11SelectionLibrary.ANY_PROPERTY_TYPE, type, format, items,
                bytesAfter, data);
        if (status != 0 || data.getValue() == null) {
            return;
        }
        try {
            long length = items.getValue().longValue();
            if (type.getValue().equals(incr)) {
                refused.accept(-1L);
            } else if (format.getValue() != 8) {
                return;
            } else if (length + bytesAfter.getValue().longValue() > maxBytes) {
                refused.accept(length + bytesAfter.getValue().longValue());
            } else {
                byte[] bytes = data.getValue().getByteArray(0, (int) length);
                known = new String(bytes, type.getValue().equals(X11SelectionLibrary.XA_STRING)
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                changed.accept(known);
            }
        } finally {
            xlib.XFree(data.getValue());
            x.XDeleteProperty(display, window, property);
        }
    }

    /** Answers another client's request for the selection this window owns (ICCCM 2.2). */
    private void answer() {
        NativeLong requestor = event.getNativeLong(REQUEST_REQUESTOR);
        NativeLong target = event.getNativeLong(REQUEST_TARGET);
        NativeLong into = event.getNativeLong(REQUEST_PROPERTY);
        if (into.equals(X11SelectionLibrary.NONE)) {
            into = target; // an obsolete client: the target names the property
        }
        boolean served = owned != null && event.getNativeLong(REQUEST_SELECTION).equals(clipboard)
                && serve(requestor, target, into);
        Memory notify = new Memory(Xlib.EVENT_SIZE);
        notify.clear();
        notify.setInt(0, X11SelectionLibrary.SELECTION_NOTIFY);
        notify.setNativeLong(NOTIFY_REQUESTOR, requestor);
        notify.setNativeLong(NOTIFY_SELECTION, event.getNativeLong(REQUEST_SELECTION));
        notify.setNativeLong(NOTIFY_TARGET, target);
        notify.setNativeLong(NOTIFY_PROPERTY, served ? into : X11SelectionLibrary.NONE);
        notify.setNativeLong(NOTIFY_TIME, event.getNativeLong(REQUEST_TIME));
        x.XSendEvent(display, requestor, false, new NativeLong(0), notify);
    }

    private boolean serve(NativeLong requestor, NativeLong target, NativeLong into) {
        if (target.equals(targets)) {
            NativeLong[] offered = {targets, utf8String, X11SelectionLibrary.XA_STRING, text};
            Memory atoms = new Memory((long) offered.length * NativeLong.SIZE);
            for (int i = 0; i < offered.length; i++) {
                atoms.setNativeLong((long) i * NativeLong.SIZE, offered[i]);
            }
            x.XChangeProperty(display, requestor, into, X11SelectionLibrary.XA_ATOM, 32,
                    X11SelectionLibrary.PROP_MODE_REPLACE, atoms, offered.length);
            return true;
        }
        boolean latin1 = target.equals(X11SelectionLibrary.XA_STRING);
        if (!latin1 && !target.equals(utf8String) && !target.equals(text)) {
            return false;
        }
        // TEXT lets the owner choose the encoding: UTF8_STRING, as modern owners do.
        byte[] bytes = owned.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        Memory data = new Memory(Math.max(1, bytes.length));
        data.write(0, bytes, 0, bytes.length);
        x.XChangeProperty(display, requestor, into, latin1 ? X11SelectionLibrary.XA_STRING : utf8String, 8,
                X11SelectionLibrary.PROP_MODE_REPLACE, data, bytes.length);
        return true;
    }

    private NativeLong atom(String name) {
        return x.XInternAtom(display, name, false);
    }

    @Override
    public void close() {
        x.XDestroyWindow(display, window);
        connection.close();
    }
}
