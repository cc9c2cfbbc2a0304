package io.moonlight.agent.input;

/** One validated message of the input protocol, version 1 (docs/streaming.md): one record per {@code t}. */
public sealed interface InputMessage {

    /** Absolute pointer position as a fraction of the video's width and height, each in [0, 1]. */
    record Move(double x, double y) implements InputMessage {
    }

    /** Relative motion in display pixels, each in [-4096, 4096]. */
    record Rel(int dx, int dy) implements InputMessage {
    }

    /** A mouse button by {@code MouseEvent.button} (0-4) going down or up. */
    record Button(int button, boolean down) implements InputMessage {
    }

    /** Scrolling by {@code WheelEvent} deltas in the unit of {@code mode}. */
    record Wheel(double dx, double dy, WheelMode mode) implements InputMessage {
    }

    /** A physical key by {@code KeyboardEvent.code} going down or up. */
    record Key(String code, boolean down) implements InputMessage {
    }

    /** Unicode text to type, 1-256 characters. */
    record Text(String text) implements InputMessage {
    }

    /** The desktop's clipboard becomes this text (up to the size {@link ClipboardMessage#MAX_BYTES} allows). */
    record Clipboard(String text) implements InputMessage {
    }

    /** The screen at about this size (the owner's window in device pixels), each in [1, 16384]. */
    record Resize(int width, int height) implements InputMessage {
    }

    /** Release every key and button held for this viewer. */
    record Release() implements InputMessage {
    }

    /** {@code WheelEvent.deltaMode}, with how much of each makes one wheel click. */
    enum WheelMode {
        PIXELS(100), LINES(3), PAGES(1);

        private final double perClick;

        WheelMode(double perClick) {
            this.perClick = perClick;
        }

        public double perClick() {
            return perClick;
        }
    }
}
