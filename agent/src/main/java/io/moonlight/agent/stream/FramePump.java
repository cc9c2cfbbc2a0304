package io.moonlight.agent.stream;

import io.moonlight.agent.capture.CapturedFrame;
import io.moonlight.agent.capture.ScreenCapture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Moves the display's pixels into the video feed, on a thread of its own (the capture's X connection
 * is confined to it). Only while someone watches, and only what changed: the display's damage is
 * checked every {@link #POLL}, and a change is grabbed and pushed as soon as it is seen, but at most
 * at the session's frame rate (a frame clock: pushes come on its slots while the screen keeps
 * changing). So a change waits about a millisecond on a still screen instead of half a frame
 * interval, and a busy screen is sent at the session's rate. An unchanged
 * screen costs a damage check per poll and one repeated frame a second, which keeps the encoder able
 * to answer a keyframe request. A new viewer gets a whole grab, and a viewer whose media just started
 * flowing gets it {@value #PRIMING_FRAMES} times on consecutive slots: libwebrtc's encoder drops up to
 * four first frames while its bandwidth estimate is still low for the resolution, so a single frame
 * on a still screen would leave that viewer black until the repeats got through (measured: 3-4 s).
 */
public final class FramePump implements AutoCloseable {
    static final Duration REPEAT = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofMillis(2);
    static final int PRIMING_FRAMES = 5;
    private final ScreenCapture capture;
    private final VideoFeed feed;
    private final Consumer<String> log;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moonlight-capture");
        t.setDaemon(true);
        return t;
    });
    private final FrameTimes times = new FrameTimes();
    private volatile boolean watched;
    private volatile boolean wholeFrameWanted = true;
    /** Frames still to push on the next slots, changed or not, after {@link #prime}. */
    private volatile int primingLeft;
    private final long interval;
    /** When the next push may come: a frame clock, so that a push a poll late does not slow the rate. */
    private long nextPushNanos;
    private long lastPushNanos;
    private String lastError = "";

    public FramePump(ScreenCapture capture, VideoFeed feed, int fps, Consumer<String> log) {
        this.capture = capture;
        this.feed = feed;
        this.log = log;
        this.interval = TimeUnit.SECONDS.toNanos(1) / fps;
        thread.scheduleAtFixedRate(this::tick, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts or stops capturing; starting asks for a whole frame. */
    public void watched(boolean watched) {
        if (watched && !this.watched) {
            wholeFrameWanted = true;
        }
        this.watched = watched;
    }

    /** The next tick grabs the whole screen, changed or not (a viewer joined). */
    public void wantWholeFrame() {
        wholeFrameWanted = true;
    }

    /** A whole grab on the next slot, then the same frame again on the slots after, {@value #PRIMING_FRAMES} in all. */
    public void prime() {
        primingLeft = PRIMING_FRAMES;
        wholeFrameWanted = true;
    }

    /** Capture and push times of the frames so far. */
    public FrameTimes times() {
        return times;
    }

    private void tick() {
        if (!watched) {
            return;
        }
        long start = System.nanoTime();
        if (start - nextPushNanos < 0) {
            return;
        }
        try {
            Optional<CapturedFrame> frame;
            if (wholeFrameWanted) {
                wholeFrameWanted = false;
                frame = Optional.of(capture.grab());
            } else {
                frame = capture.grabIfChanged();
            }
            if (frame.isPresent()) {
                long grabbed = System.nanoTime();
                feed.push(frame.get());
                long pushed = System.nanoTime();
                times.add(grabbed - start, pushed - grabbed);
                lastPushNanos = pushed;
                primingLeft = Math.max(0, primingLeft - 1);
                // On time: the next slot of the clock; after a pause (a still screen): one interval from now.
                nextPushNanos = start - nextPushNanos < interval ? nextPushNanos + interval : start + interval;
            } else if (primingLeft > 0 || start - lastPushNanos >= REPEAT.toNanos()) {
                if (feed.repeat(start)) {
                    lastPushNanos = start;
                    primingLeft = Math.max(0, primingLeft - 1);
                    nextPushNanos = start + interval;
                }
            }
            lastError = "";
        } catch (RuntimeException e) {
            // Logged once per distinct error: a display gone for good would otherwise fill the log.
            String error = String.valueOf(e.getMessage());
            if (!error.equals(lastError)) {
                log.accept("capture failed: " + error);
                lastError = error;
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
