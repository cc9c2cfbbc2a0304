package io.moonlight.agent.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Coloured bars moving across the screen at the given rate, drawn by an X client of their own. */
public final class MovingBars implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public MovingBars(String display, int width, int height, int fps) {
        int[] colours = {0xd04040, 0x40d040, 0x4040d0, 0xd0d040, 0x40d0d0, 0xd040d0, 0x808080, 0xe0a020};
        thread = new Thread(() -> {
            try (XDrawing drawing = new XDrawing(display)) {
                long interval = TimeUnit.SECONDS.toNanos(1) / fps;
                int band = height / 4;
                for (long frame = 0; running.get(); frame++) {
                    long start = System.nanoTime();
                    int barWidth = width / colours.length;
                    int shift = (int) (frame * 8 % width);
                    for (int i = 0; i < colours.length; i++) {
                        // The top and bottom bands move; the centre, where the probe is, stays still.
                        int x = (i * barWidth + shift) % width;
                        drawing.fill(x, 0, barWidth, band, colours[i]);
                        drawing.fill(width - x - barWidth, height - band, barWidth, band, colours[i]);
                    }
                    long left = interval - (System.nanoTime() - start);
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "moving-bars");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(2000);
    }
}
