package io.moonlight.agent.input;

import com.sun.jna.Pointer;
import io.moonlight.agent.x11.X11InputLibrary;
import io.moonlight.agent.x11.XLibraries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Keycodes without keysyms, lent to characters the keymap lacks. A binding stays while it is in
 * use (a small cache: typing the same character again changes no mapping) and keycodes are reused
 * round-robin, never sooner than {@link #MIN_REUSE_NANOS} after their last key event: a client
 * looks a key press up in the keymap of the time it handles the event, so rebinding too soon could
 * make it read the press with the next binding's keysym. {@link #giveBack()} returns every keycode
 * to no keysym.
 */
final class SpareKeycodes {
    static final int POOL_SIZE = 16;
    private static final long MIN_REUSE_NANOS = 200_000_000L;
    private final Pointer display;
    private final List<Integer> pool;
    private final Map<Long, Integer> keycodeByKeysym = new HashMap<>();
    private final Map<Integer, Long> keysymByKeycode = new HashMap<>();
    private final Map<Integer, Long> lastUsedAt = new HashMap<>();
    private int next;

    /**
     * Takes up to {@link #POOL_SIZE} of the spare keycodes, preferring those no known physical key
     * has. On a server with XKB key names only named keycodes are taken: a keymap loaded back whole
     * (see {@link KeymapPublisher}) and XKB clients know only keys that have a name.
     */
    SpareKeycodes(Pointer display, List<Integer> spare, Set<Integer> physicalKeycodes, Set<Integer> namedKeycodes) {
        this.display = display;
        List<Integer> ordered = new ArrayList<>(spare);
        if (!namedKeycodes.isEmpty()) {
            ordered.retainAll(namedKeycodes);
        }
        ordered.sort(Comparator.comparing(physicalKeycodes::contains));
        this.pool = List.copyOf(ordered.subList(0, Math.min(POOL_SIZE, ordered.size())));
    }

    /** Binds the next spare keycode to type the keysym on its own; empty when no keycode is spare. */
    OptionalInt bind(long keysym) throws InterruptedException {
        if (pool.isEmpty()) {
            return OptionalInt.empty();
        }
        int keycode = pool.get(next);
        next = (next + 1) % pool.size();
        waitUntilReusable(keycode);
        Long previous = keysymByKeycode.put(keycode, keysym);
        if (previous != null) {
            keycodeByKeysym.remove(previous);
        }
        keycodeByKeysym.put(keysym, keycode);
        // The same keysym on both levels: a single one would be split into lower and upper case.
        map(keycode, keysym);
        return OptionalInt.of(keycode);
    }

    /**
     * The keycode already bound to the keysym, if the keymap still has it there (a keymap loaded
     * since, e.g. by setxkbmap, drops the binding).
     */
    OptionalInt bound(long keysym, DisplayKeymap keymap) {
        Integer keycode = keycodeByKeysym.get(keysym);
        if (keycode == null) {
            return OptionalInt.empty();
        }
        if (keymap.keysymAt(keycode) != keysym) {
            keycodeByKeysym.remove(keysym);
            keysymByKeycode.remove(keycode);
            return OptionalInt.empty();
        }
        return OptionalInt.of(keycode);
    }

    /** Notes that a key event was just sent for the keycode (it matters for spare keycodes only). */
    void typed(int keycode) {
        if (pool.contains(keycode)) {
            lastUsedAt.put(keycode, System.nanoTime());
        }
    }

    /** The keycode the next new binding takes, or 0 without spare keycodes. */
    int nextKeycode() {
        return pool.isEmpty() ? 0 : pool.get(next);
    }

    boolean hasBindings() {
        return !keysymByKeycode.isEmpty();
    }

    void giveBack() {
        keysymByKeycode.keySet().forEach(keycode -> map(keycode, Keysyms.NO_SYMBOL));
        keysymByKeycode.clear();
        keycodeByKeysym.clear();
        XLibraries.xlib().XFlush(display);
    }

    private void waitUntilReusable(int keycode) throws InterruptedException {
        Long usedAt = lastUsedAt.get(keycode);
        long wait = usedAt == null ? 0 : usedAt + MIN_REUSE_NANOS - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private void map(int keycode, long keysym) {
        XLibraries.x11Input().XChangeKeyboardMapping(display, keycode, 2, new long[] {keysym, keysym}, 1);
    }
}
