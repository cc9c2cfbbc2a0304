package io.moonlight.agent.x11;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * Lets the thread that owns an X connection sleep until the server sends something, and any other
 * thread cut that sleep short ({@link #wake}): one poll(2) on the connection's socket and on a pipe
 * the wakers write to. A thread that waits this way costs nothing while nothing happens, where one
 * that checks on a timer wakes hundreds of times a second to find nothing.
 */
public final class EventWait implements AutoCloseable {
    private static final byte[] ONE = {1};
    private final LibC libc = XLibraries.libc();
    private final Memory fds = new Memory(2L * LibC.POLLFD_SIZE);
    private final byte[] drained = new byte[64];
    private final int socket;
    private final int wakeRead;
    private final int wakeWrite;
    /** Guarded by {@code this}: a wake after close would write to whatever file reused the descriptor. */
    private boolean closed;

    public EventWait(XConnection connection) {
        this.socket = XLibraries.xlib().XConnectionNumber(connection.display());
        int[] pipe = new int[2];
        libc.pipe2(pipe, LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        this.wakeRead = pipe[0];
        this.wakeWrite = pipe[1];
    }

    /**
     * Sleeps until the X server sends something, {@link #wake} is called or {@code timeoutMillis}
     * pass. Xlib may already hold events it read during an earlier call, which the socket no longer
     * shows: read those (XPending) before waiting. Returns false when the server closed the connection.
     */
    public boolean await(long timeoutMillis) {
        fds.clear();
        fds.setInt(0, socket);
        fds.setShort(4, LibC.POLLIN);
        fds.setInt(LibC.POLLFD_SIZE, wakeRead);
        fds.setShort(LibC.POLLFD_SIZE + 4, LibC.POLLIN);
        try {
            libc.poll(fds, new NativeLong(2), (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeoutMillis)));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LibC.EINTR) {
                throw e;
            }
        }
        if (fds.getShort(LibC.POLLFD_SIZE + 6) != 0) {
            libc.read(wakeRead, drained, new NativeLong(drained.length));
        }
        return (fds.getShort(6) & (LibC.POLLERR | LibC.POLLHUP)) == 0;
    }

    /** From any thread: the current or next {@link #await} returns at once; nothing after {@link #close}. */
    public synchronized void wake() {
        if (!closed) {
            // A full pipe already holds a wake-up: the failed write loses nothing.
            libc.write(wakeWrite, ONE, new NativeLong(1));
        }
    }

    /** After the waiting thread's last {@link #await}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(wakeRead);
            libc.close(wakeWrite);
        }
    }
}
