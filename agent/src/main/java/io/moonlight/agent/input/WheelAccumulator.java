package io.moonlight.agent.input;

/**
 * Turns one viewer's wheel deltas into whole wheel clicks, keeping what is left of a click for the
 * next message (a trackpad sends many small deltas), at most {@link #MAX_CLICKS} clicks a message.
 */
final class WheelAccumulator {
    static final int MAX_CLICKS = 64;
    /** Absorbs rounding, so that three deltas of a third of a click make one. */
    private static final double EPSILON = 1e-9;
    private double horizontal;
    private double vertical;

    /** Signed clicks: positive is right and down. */
    record Clicks(int horizontal, int vertical) {
    }

    Clicks add(InputMessage.Wheel wheel) {
        horizontal += wheel.dx() / wheel.mode().perClick();
        vertical += wheel.dy() / wheel.mode().perClick();
        int down = whole(vertical);
        int right = whole(horizontal);
        vertical -= down;
        horizontal -= right;
        // Beyond the cap the excess is dropped, not carried: a fling must not scroll on and on.
        int cappedDown = Math.max(-MAX_CLICKS, Math.min(MAX_CLICKS, down));
        int budget = MAX_CLICKS - Math.abs(cappedDown);
        return new Clicks(Math.max(-budget, Math.min(budget, right)), cappedDown);
    }

    private static int whole(double clicks) {
        return (int) (clicks + Math.copySign(EPSILON, clicks));
    }
}
