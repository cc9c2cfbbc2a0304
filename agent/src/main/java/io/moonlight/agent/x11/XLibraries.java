package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.moonlight.core.MoonlightException;

/**
 * The native libraries of the X calls, each loaded once on first use. A missing one fails every use
 * with the same one-line error naming its Debian package, never with a linkage error.
 */
public final class XLibraries {
    private static final Loaded<Xlib> XLIB = new Loaded<>("libX11.so.6", Xlib.class, "libx11-6");
    private static final Loaded<XShm> XSHM = new Loaded<>("libXext.so.6", XShm.class, "libxext6");
    private static final Loaded<XDamage> XDAMAGE = new Loaded<>("libXdamage.so.1", XDamage.class, "libxdamage1");
    private static final Loaded<X11InputLibrary> X11_INPUT = new Loaded<>("libX11.so.6", X11InputLibrary.class,
            "libx11-6");
    private static final Loaded<X11SelectionLibrary> X11_SELECTION = new Loaded<>("libX11.so.6",
            X11SelectionLibrary.class, "libx11-6");
    private static final Loaded<XFixes> XFIXES = new Loaded<>("libXfixes.so.3", XFixes.class, "libxfixes3");
    private static final Loaded<XTestLibrary> XTEST = new Loaded<>("libXtst.so.6", XTestLibrary.class, "libxtst6");
    private static final Loaded<LibC> LIBC = new Loaded<>("libc.so.6", LibC.class, "libc6");

    private XLibraries() {
    }

    /** libX11, made thread-aware and with error handlers that never end the JVM (see {@link XErrors}). */
    public static Xlib xlib() {
        return XLIB.get();
    }

    public static XShm xshm() {
        return XSHM.get();
    }

    public static XDamage xdamage() {
        return XDAMAGE.get();
    }

    /** libX11's keyboard calls, after {@link #xlib()} (its error handlers and thread set-up). */
    public static X11InputLibrary x11Input() {
        xlib();
        return X11_INPUT.get();
    }

    /** libX11's selection calls, after {@link #xlib()} (its error handlers and thread set-up). */
    public static X11SelectionLibrary x11Selection() {
        xlib();
        return X11_SELECTION.get();
    }

    public static XFixes xfixes() {
        return XFIXES.get();
    }

    public static XTestLibrary xtest() {
        return XTEST.get();
    }

    public static LibC libc() {
        return LIBC.get();
    }

    /** A native library loaded on first use; a missing one fails every use with the same one-line error. */
    public static final class Loaded<T extends Library> {
        private final String file;
        private final Class<T> type;
        private final String debianPackage;
        private T library;
        private MoonlightException failure;

        public Loaded(String file, Class<T> type, String debianPackage) {
            this.file = file;
            this.type = type;
            this.debianPackage = debianPackage;
        }

        public synchronized T get() {
            if (library == null && failure == null) {
                try {
                    T loaded = Native.load(file, type);
                    if (loaded instanceof Xlib xlib) {
                        // Before any other Xlib call: libX11 before 1.8 is not thread-safe without it.
                        xlib.XInitThreads();
                        XErrors.install(xlib);
                    }
                    library = loaded;
                } catch (UnsatisfiedLinkError e) {
                    failure = MoonlightException.unavailable("cannot load " + reason(e),
                            "install the Debian package " + debianPackage + " (apt-get install " + debianPackage + ")");
                }
            }
            if (failure != null) {
                throw failure;
            }
            return library;
        }

        /** JNA's second line is the dynamic linker's reason ("libX.so.1: cannot open shared object file: ..."). */
        private String reason(UnsatisfiedLinkError e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return message.lines().skip(1).filter(line -> line.startsWith(file + ":")).findFirst().orElse(file);
        }
    }
}
