package io.moonlight.agent.capture;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.moonlight.agent.x11.LibC;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.XShm;
import io.moonlight.agent.x11.Xlib;
import io.moonlight.core.MoonlightException;
import java.nio.ByteBuffer;

/**
 * An XImage whose pixels live in a System V shared-memory segment that the X server is attached to:
 * XShmGetImage makes the server copy the screen straight into it, and the segment is handed out as a
 * direct ByteBuffer without another copy. The segment is marked for removal as soon as both sides are
 * attached, so the kernel frees it when the last one detaches, even after a crash.
 */
final class SharedImage implements AutoCloseable {
    /** XImage on LP64. */
    private static final int IMAGE_DATA = 16;
    private static final int IMAGE_BYTE_ORDER = 24;
    private static final int IMAGE_BYTES_PER_LINE = 44;
    private static final int IMAGE_BITS_PER_PIXEL = 48;
    private static final int IMAGE_RED_MASK = 56;
    private static final int IMAGE_BLUE_MASK = 72;
    private static final int LSB_FIRST = 0;
    private static final NativeLong ALL_PLANES = new NativeLong(Xlib.ALL_PLANES);

    private final XConnection connection;
    private final XShm xshm = XLibraries.xshm();
    private final LibC libc = XLibraries.libc();
    private final Memory segmentInfo = new Memory(XShm.SEGMENT_INFO_SIZE);
    private final int width;
    private final int height;
    private Pointer image;
    private Pointer address;
    private boolean attached;
    private ByteBuffer pixels;
    private int stride;

    private SharedImage(XConnection connection, int width, int height) {
        this.connection = connection;
        this.width = width;
        this.height = height;
        segmentInfo.clear();
    }

    /** A shared image of the root window's size; fails with a one-line error, leaving nothing behind. */
    static SharedImage create(XConnection connection, int width, int height) {
        SharedImage shared = new SharedImage(connection, width, height);
        try {
            shared.attach();
            return shared;
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    private void attach() {
        Xlib xlib = XLibraries.xlib();
        Pointer display = connection.display();
        int screen = connection.screen();
        image = xshm.XShmCreateImage(display, xlib.XDefaultVisual(display, screen), xlib.XDefaultDepth(display, screen),
                Xlib.Z_PIXMAP, null, segmentInfo, width, height);
        if (image == null) {
            throw MoonlightException.failed("XShmCreateImage refused a " + width + "x" + height + " image", null);
        }
        requireBgrx();
        stride = image.getInt(IMAGE_BYTES_PER_LINE);
        long bytes = (long) stride * height;
        int id;
        try {
            id = libc.shmget(LibC.IPC_PRIVATE, new NativeLong(bytes), LibC.IPC_CREAT | 0600);
        } catch (LastErrorException e) {
            throw MoonlightException.failed("cannot get " + bytes + " bytes of System V shared memory: " + e.getMessage(),
                    "check kernel.shmmax and kernel.shmall (sysctl kernel.shmmax kernel.shmall)");
        }
        try {
            address = libc.shmat(id, null, 0);
            segmentInfo.setInt(XShm.SEGMENT_INFO_SHMID, id);
            segmentInfo.setPointer(XShm.SEGMENT_INFO_SHMADDR, address);
            image.setPointer(IMAGE_DATA, address);
            if (!xshm.XShmAttach(display, segmentInfo)) {
                throw MoonlightException.failed("the X server refused to attach shared memory", null);
            }
            connection.sync("attaching shared memory (XShmAttach; the X server must run on this host)");
            attached = true;
        } catch (LastErrorException e) {
            throw MoonlightException.failed("cannot map System V shared memory: " + e.getMessage(), null);
        } finally {
            // Both sides are attached (or it failed): the kernel frees the segment at the last detach.
            libc.shmctl(id, LibC.IPC_RMID, null);
        }
        pixels = address.getByteBuffer(0, bytes);
    }

    /** The B,G,R,x layout CapturedFrame promises: 32 bits per pixel, little-endian, red in the third byte. */
    private void requireBgrx() {
        int bitsPerPixel = image.getInt(IMAGE_BITS_PER_PIXEL);
        boolean bgrx = bitsPerPixel == 32 && image.getInt(IMAGE_BYTE_ORDER) == LSB_FIRST
                && image.getNativeLong(IMAGE_RED_MASK).longValue() == 0xff0000L
                && image.getNativeLong(IMAGE_BLUE_MASK).longValue() == 0xffL;
        if (!bgrx) {
            throw MoonlightException.failed("the screen's pixel format (" + bitsPerPixel + " bits per pixel, depth "
                    + XLibraries.xlib().XDefaultDepth(connection.display(), connection.screen())
                    + ") is not 24-bit true colour", "start the X server with depth 24");
        }
    }

    /** Copies the root window into the segment (one round trip) and returns the frame over it. */
    CapturedFrame grab() {
        boolean done = xshm.XShmGetImage(connection.display(), connection.root(), image, 0, 0, ALL_PLANES);
        long at = System.nanoTime();
        if (!done) {
            connection.sync("reading the screen (XShmGetImage)");
            throw MoonlightException.failed("reading the screen (XShmGetImage) on X display " + connection.name()
                    + " failed", null);
        }
        return new CapturedFrame(pixels.duplicate(), width, height, stride, at);
    }

    boolean hasSize(int width, int height) {
        return this.width == width && this.height == height;
    }

    @Override
    public void close() {
        if (attached) {
            xshm.XShmDetach(connection.display(), segmentInfo);
            XLibraries.xlib().XSync(connection.display(), false);
            attached = false;
        }
        if (image != null) {
            // XFree, not XDestroyImage: the pixels are the segment's, not Xlib's to free.
            XLibraries.xlib().XFree(image);
            image = null;
        }
        if (address != null) {
            libc.shmdt(address);
            address = null;
            pixels = null;
        }
    }
}
