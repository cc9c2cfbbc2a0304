package io.moonlight.agent.stream;

import io.moonlight.agent.capture.CapturedFrame;
import io.moonlight.agent.capture.ScreenCapture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Moves the display's pixels into the video feed, on a thread of its own (the capture's X connection
 * is confined to it). Only while someone watches, and only what changed: the thread sleeps until the
 * X server reports a change, and a change is grabbed and pushed as soon as it comes, but at most at
 * the session's frame rate (a frame clock: pushes come on its slots while the screen keeps changing).
 * So a change on a still screen waits for nothing, a busy screen is sent at the session's rate, and
 * an unchanged screen costs no wake-up but one repeated frame a second, which keeps the encoder able
 * to answer a keyframe request. A new viewer gets a whole grab, and a viewer whose media just started
 * flowing gets it {@value #PRIMING_FRAMES} times on consecutive slots: libwebrtc's encoder drops up to
 * four first frames while its bandwidth estimate is still low for the resolution, so a single frame
 * on a still screen would leave that viewer black until the repeats got through (measured: 3-4 s).
 */
public final class FramePump implements AutoCloseable {
    static final Duration REPEAT = Duration.ofSeconds(1);
    static final int PRIMING_FRAMES = 5;
    /** How long the thread rests after a failed grab: a display gone for good would otherwise keep it busy. */
    private static final Duration RETRY = Duration.ofMillis(100);
    private final ScreenCapture capture;
    private final VideoFeed feed;
    private final Consumer<String> log;
    private final Thread thread;
    private final FrameTimes times = new FrameTimes();
    /** Notified when {@link #watched} or {@link #running} change: the thread sleeps on it while nobody watches. */
    private final Object watchers = new Object();
    private volatile boolean running = true;
    private volatile boolean watched;
    private volatile boolean wholeFrameWanted = true;
    /** Frames still to push on the next slots, changed or not, after {@link #prime}. */
    private volatile int primingLeft;
    private final long interval;
    /** When the next push may come: a frame clock, so that a push a little late does not slow the rate. */
    private long nextPushNanos;
    private long lastPushNanos;
    private String lastError = "";

    public FramePump(ScreenCapture capture, VideoFeed feed, int fps, Consumer<String> log) {
        this.capture = capture;
        this.feed = feed;
        this.log = log;
        this.interval = TimeUnit.SECONDS.toNanos(1) / fps;
        this.thread = new Thread(this::run, "moonlight-capture");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts or stops capturing; starting asks for a whole frame. */
    public void watched(boolean watched) {
        if (watched && !this.watched) {
            wholeFrameWanted = true;
        }
        synchronized (watchers) {
            this.watched = watched;
            watchers.notifyAll();
        }
        capture.wake();
    }

    /** The next slot grabs the whole screen, changed or not (a viewer joined). */
    public void wantWholeFrame() {
        wholeFrameWanted = true;
        capture.wake();
    }

    /** A whole grab on the next slot, then the same frame again on the slots after, {@value #PRIMING_FRAMES} in all. */
    public void prime() {
        primingLeft = PRIMING_FRAMES;
        wholeFrameWanted = true;
        capture.wake();
    }

    /** Capture and push times of the frames so far. */
    public FrameTimes times() {
        return times;
    }

    private void run() {
        while (running) {
            try {
                awaitWork();
                if (running && watched) {
                    push();
                }
                lastError = "";
            } catch (RuntimeException e) {
                // Logged once per distinct error: a display gone for good would otherwise fill the log.
                String error = String.valueOf(e.getMessage());
                if (!error.equals(lastError)) {
                    log.accept("capture failed: " + error);
                    lastError = error;
                }
                LockSupport.parkNanos(RETRY.toNanos());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Sleeps while nobody watches, then until the next slot of the frame clock, then until there is
     * something to push: a change, a wanted or priming frame, or the second's repeat.
     */
    private void awaitWork() throws InterruptedException {
        synchronized (watchers) {
            while (running && !watched) {
                watchers.wait();
            }
        }
        long untilSlot = nextPushNanos - System.nanoTime();
        if (untilSlot > 0) {
            LockSupport.parkNanos(untilSlot);
            return;
        }
        if (!wholeFrameWanted && primingLeft == 0) {
            long untilRepeat = lastPushNanos + REPEAT.toNanos() - System.nanoTime();
            capture.awaitChange(TimeUnit.NANOSECONDS.toMillis(untilRepeat + TimeUnit.MILLISECONDS.toNanos(1) - 1));
        }
    }

    /** On a slot: the changed or wanted screen, a priming or the second's repeat, or nothing. */
    private void push() {
        long start = System.nanoTime();
        if (start - nextPushNanos < 0) {
            return;
        }
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
            // The clock moves on even with no frame to repeat yet: the thread must not spin on it.
            feed.repeat(start);
            lastPushNanos = start;
            primingLeft = Math.max(0, primingLeft - 1);
            nextPushNanos = start + interval;
        }
    }

    @Override
    public void close() {
        synchronized (watchers) {
            running = false;
            watchers.notifyAll();
        }
        capture.wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
