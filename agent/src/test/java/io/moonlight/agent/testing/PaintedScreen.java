package io.moonlight.agent.testing;

import io.moonlight.agent.capture.CapturedFrame;
import io.moonlight.agent.capture.ScreenCapture;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A screen for tests that need no X server: one colour, repainted by the test, with damage tracking like a real display. */
public final class PaintedScreen implements ScreenCapture {
    private final int width;
    private final int height;
    private final ByteBuffer pixels;
    private boolean changed = true;
    private boolean woken;
    private int checks;
    private long paintedNanos;

    public PaintedScreen(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = ByteBuffer.allocateDirect(width * height * 4);
    }

    /** Fills the screen with one colour; the next grab sees it. */
    public synchronized void paint(int red, int green, int blue) {
        for (int i = 0; i < width * height; i++) {
            pixels.put(i * 4, (byte) blue).put(i * 4 + 1, (byte) green).put(i * 4 + 2, (byte) red).put(i * 4 + 3, (byte) 0);
        }
        changed = true;
        paintedNanos = System.nanoTime();
        notifyAll();
    }

    /** When the last paint was done. */
    public synchronized long paintedNanos() {
        return paintedNanos;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public String method() {
        return "painted";
    }

    /** How often the screen was asked whether it changed. */
    public synchronized int checks() {
        return checks;
    }

    @Override
    public synchronized Optional<CapturedFrame> grabIfChanged() {
        checks++;
        return changed ? Optional.of(grab()) : Optional.empty();
    }

    @Override
    public synchronized boolean awaitChange(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            for (long left = timeoutMillis; !changed && !woken && left > 0; left = deadline - System.currentTimeMillis()) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        woken = false;
        return changed;
    }

    @Override
    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    @Override
    public synchronized CapturedFrame grab() {
        changed = false;
        return new CapturedFrame(pixels, width, height, width * 4, System.nanoTime());
    }

    @Override
    public void close() {
    }
}
