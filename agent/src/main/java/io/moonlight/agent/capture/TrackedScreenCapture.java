package io.moonlight.agent.capture;

import io.moonlight.agent.x11.XConnection;
import java.util.Optional;

/**
 * What both ways of reading the screen share: their own X connection, and the server's events
 * (ScreenChanges) deciding whether there is anything to read and at what size.
 */
abstract class TrackedScreenCapture implements ScreenCapture {
    protected final XConnection connection;
    protected final ScreenChanges changes;
    private boolean closed;

    TrackedScreenCapture(XConnection connection, ScreenChanges changes) {
        this.connection = connection;
        this.changes = changes;
    }

    /** Reads the whole screen at the size {@link #changes} knows. */
    protected abstract CapturedFrame read();

    /** Frees what {@link #read} holds, before the connection closes. */
    protected void release() {
    }

    @Override
    public int width() {
        return changes.width();
    }

    @Override
    public int height() {
        return changes.height();
    }

    @Override
    public Optional<CapturedFrame> grabIfChanged() {
        requireOpen();
        return changes.changed() ? Optional.of(grab()) : Optional.empty();
    }

    @Override
    public boolean awaitChange(long timeoutMillis) {
        requireOpen();
        return changes.await(timeoutMillis);
    }

    @Override
    public void wake() {
        changes.wake();
    }

    @Override
    public CapturedFrame grab() {
        requireOpen();
        changes.reset();
        return read();
    }

    /** Reading through freed shared memory or a closed Display* would crash the JVM. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the screen capture of X display " + connection.name() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        changes.close();
        connection.close();
    }
}
