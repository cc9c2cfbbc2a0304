package io.moonlight.agent.capture;

import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.MoonlightException;

/**
 * The fast capture: the X server copies the root window into shared memory (MIT-SHM, well under a
 * millisecond at 1920x1080, bench/capture) and XDamage says whether anything was drawn, so an
 * unchanged screen is not read at all. Its X connection is its own; grab and close from one thread.
 */
public final class ShmScreenCapture extends TrackedScreenCapture {
    private SharedImage image;

    private ShmScreenCapture(XConnection connection, ScreenChanges changes, SharedImage image) {
        super(connection, changes);
        this.image = image;
    }

    /**
     * Takes over the connection when it succeeds; when the server has no MIT-SHM or refuses to attach,
     * fails with a one-line error and leaves the connection as it was.
     */
    static ShmScreenCapture open(XConnection connection) {
        if (!XLibraries.xshm().XShmQueryExtension(connection.display())) {
            throw MoonlightException.unavailable("the X server has no MIT-SHM extension", null);
        }
        ScreenChanges changes = ScreenChanges.watch(connection);
        try {
            return new ShmScreenCapture(connection, changes,
                    SharedImage.create(connection, changes.width(), changes.height()));
        } catch (RuntimeException e) {
            changes.close();
            throw e;
        }
    }

    @Override
    public String method() {
        return "mit-shm";
    }

    @Override
    protected CapturedFrame read() {
        try {
            return imageOfScreenSize().grab();
        } catch (MoonlightException e) {
            // The screen may have shrunk after the events were read: then the old image no longer fits.
            changes.changed();
            if (image.hasSize(changes.width(), changes.height())) {
                throw e;
            }
            return imageOfScreenSize().grab();
        }
    }

    /** The shared image, made anew when the screen's size changed (xrandr). */
    private SharedImage imageOfScreenSize() {
        if (!image.hasSize(changes.width(), changes.height())) {
            image.close();
            image = SharedImage.create(connection, changes.width(), changes.height());
        }
        return image;
    }

    @Override
    protected void release() {
        image.close();
    }
}
