package io.moonlight.agent.capture;

import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.MoonlightException;
import java.util.Optional;

/**
 * The fast capture: the X server copies the root window into shared memory (MIT-SHM, about 0.3 ms
 * at 1280x720) and XDamage says whether anything was drawn, so an unchanged screen is not read at
 * all. Its X connection is its own; grab and close from one thread.
 */
public final class ShmScreenCapture implements ScreenCapture {
    private final XConnection connection;
    private final ScreenChanges changes;
    private SharedImage image;

    private ShmScreenCapture(XConnection connection, ScreenChanges changes, SharedImage image) {
        this.connection = connection;
        this.changes = changes;
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
    public int width() {
        return changes.width();
    }

    @Override
    public int height() {
        return changes.height();
    }

    @Override
    public String method() {
        return "mit-shm";
    }

    @Override
    public Optional<CapturedFrame> grabIfChanged() {
        return changes.changed() ? Optional.of(grab()) : Optional.empty();
    }

    @Override
    public CapturedFrame grab() {
        changes.reset();
        try {
            return imageOfScreenSize().grab();
        } catch (MoonlightException e) {
            // The screen may have shrunk after the events were read: then the old image no longer fits.
            changes.changed();
            if (image.width() == changes.width() && image.height() == changes.height()) {
                throw e;
            }
            return imageOfScreenSize().grab();
        }
    }

    /** The shared image, made anew when the screen's size changed (xrandr). */
    private SharedImage imageOfScreenSize() {
        if (image.width() != changes.width() || image.height() != changes.height()) {
            image.close();
            image = SharedImage.create(connection, changes.width(), changes.height());
        }
        return image;
    }

    @Override
    public void close() {
        image.close();
        changes.close();
        connection.close();
    }
}
