package io.moonlight.agent.resize;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Sizes the session's X screen to its owner's window (the input protocol's {@code resize}) through
 * the session's resize script, the one Sunshine uses, in its {@code --browser} mode: the script leaves
 * the size alone while a Moonlight client streams. The size is kept within 640x480 and the screen's
 * size when the agent started (the session's geometry, which its frame rate and bitrate were chosen
 * for), in multiples of 8 (the encoders' blocks). One resize runs at a time on a thread of its own; a
 * newer request replaces one not started yet, so a window dragged across the screen ends in a resize
 * or two. Without a script (an X server that cannot resize, Xvfb) a request is logged once and dropped.
 */
public final class DisplayResizer implements AutoCloseable {
    static final int MIN_WIDTH = 640;
    static final int MIN_HEIGHT = 480;
    static final int ALIGN = 8;
    private final Optional<Path> script;
    private final int maxWidth;
    private final int maxHeight;
    private final CommandRunner runner;
    private final Consumer<String> log;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "moonlight-resize");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Size> pending = new AtomicReference<>();
    private volatile boolean refusalLogged;

    /** A size of the screen, in pixels. */
    public record Size(int width, int height) {
    }

    /** @param maxWidth, maxHeight the screen's size when the agent started */
    public DisplayResizer(Optional<Path> script, int maxWidth, int maxHeight, CommandRunner runner, Consumer<String> log) {
        this.script = script;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.runner = runner;
        this.log = log;
    }

    /** The size a request for {@code width} x {@code height} becomes. */
    Size fit(int width, int height) {
        return new Size(align(Math.max(MIN_WIDTH, Math.min(maxWidth, width))),
                align(Math.max(MIN_HEIGHT, Math.min(maxHeight, height))));
    }

    /** Asks for the screen at (about) this size; returns at once. */
    public void request(int width, int height) {
        if (script.isEmpty()) {
            if (!refusalLogged) {
                refusalLogged = true;
                log.accept("resize: this X server cannot change its size (Xvfb); the browser scales the picture instead");
            }
            return;
        }
        if (pending.getAndSet(fit(width, height)) == null) {
            thread.execute(this::resizeToPending);
        }
    }

    private void resizeToPending() {
        Size size = pending.getAndSet(null);
        if (size == null) {
            return;
        }
        ExecResult result = runner.run(ExternalCommand.of("sh", script.orElseThrow().toString(), "--browser",
                String.valueOf(size.width()), String.valueOf(size.height())));
        if (result.succeeded()) {
            log.accept("resize: the screen is " + size.width() + "x" + size.height() + " for the browser's window");
        } else {
            log.accept("resize: " + size.width() + "x" + size.height() + " refused: " + result.complaint());
        }
    }

    private static int align(int pixels) {
        return pixels / ALIGN * ALIGN;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
