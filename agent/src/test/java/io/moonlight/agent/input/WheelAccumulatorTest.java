package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WheelAccumulatorTest {
    private final WheelAccumulator wheel = new WheelAccumulator();

    private WheelAccumulator.Clicks add(double dx, double dy, InputMessage.WheelMode mode) {
        return wheel.add(new InputMessage.Wheel(dx, dy, mode));
    }

    @Test
    void notchSizesPerMode() {
        assertEquals(new WheelAccumulator.Clicks(0, 1), add(0, 100, InputMessage.WheelMode.PIXELS));
        assertEquals(new WheelAccumulator.Clicks(-2, 0), add(-6, 0, InputMessage.WheelMode.LINES));
        assertEquals(new WheelAccumulator.Clicks(0, -1), add(0, -1, InputMessage.WheelMode.PAGES));
    }

    @Test
    void fractionsAreKeptAcrossMessages() {
        assertEquals(new WheelAccumulator.Clicks(0, 0), add(0, 50, InputMessage.WheelMode.PIXELS));
        assertEquals(new WheelAccumulator.Clicks(0, 1), add(0, 50, InputMessage.WheelMode.PIXELS));
        assertEquals(new WheelAccumulator.Clicks(0, 0), add(0, 1, InputMessage.WheelMode.LINES));
        assertEquals(new WheelAccumulator.Clicks(0, 0), add(0, 1, InputMessage.WheelMode.LINES));
        assertEquals(new WheelAccumulator.Clicks(0, 1), add(0, 1, InputMessage.WheelMode.LINES));
    }

    @Test
    void atMost64ClicksAMessageAndTheExcessIsNotCarried() {
        assertEquals(new WheelAccumulator.Clicks(0, 64), add(0, 10000, InputMessage.WheelMode.PIXELS));
        assertEquals(new WheelAccumulator.Clicks(0, 0), add(0, 0, InputMessage.WheelMode.PIXELS));
        assertEquals(new WheelAccumulator.Clicks(4, -60), add(500, -6000, InputMessage.WheelMode.PIXELS));
    }
}
