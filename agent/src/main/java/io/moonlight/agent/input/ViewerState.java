package io.moonlight.agent.input;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What one viewer holds on the display; touched on the input thread only. */
final class ViewerState {
    /** KeyboardEvent.code -> the keycode pressed for it, so the release lifts that same keycode. */
    final Map<String, Integer> heldKeys = new LinkedHashMap<>();
    /** X button numbers held down. */
    final Set<Integer> heldButtons = new LinkedHashSet<>();
    final WheelAccumulator wheel = new WheelAccumulator();
}
