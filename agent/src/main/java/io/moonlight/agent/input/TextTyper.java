package io.moonlight.agent.input;

import com.sun.jna.Pointer;
import io.moonlight.agent.x11.X11InputLibrary;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.XTestLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Types Unicode text as key presses: each character at the level where the display's keymap has it
 * (with Shift and/or ISO_Level3_Shift held), otherwise on a spare keycode bound to its keysym.
 * Modifiers that are down (e.g. a Shift the viewer holds) are lifted while typing and pressed again
 * after, and a locked Caps Lock is unlocked meanwhile, so they do not change the characters.
 * Characters are bound before any of them is typed, a pool's worth at a time, so that the keymap is
 * published once per batch. Spare keycodes are given back after {@link #GIVE_BACK_AFTER_SECONDS}
 * seconds without typing. Runs on the input thread only.
 */
final class TextTyper {
    static final int GIVE_BACK_AFTER_SECONDS = 2;
    private static final System.Logger LOG = System.getLogger(TextTyper.class.getName());
    private final Pointer display;
    private final SpareKeycodes spares;
    private final KeymapPublisher publisher;
    private final ScheduledExecutorService inputThread;
    private ScheduledFuture<?> giveBack;

    TextTyper(Pointer display, SpareKeycodes spares, KeymapPublisher publisher, ScheduledExecutorService inputThread) {
        this.display = display;
        this.spares = spares;
        this.publisher = publisher;
        this.inputThread = inputThread;
    }

    void type(String text) throws InterruptedException {
        DisplayKeymap keymap = DisplayKeymap.read(display);
        List<Integer> held = keymap.heldModifiers(display);
        held.forEach(keycode -> key(keycode, false));
        OptionalInt capsLock = keymap.lockedCapsLock(display);
        capsLock.ifPresent(this::tap);
        List<DisplayKeymap.KeyLevel> batch = new ArrayList<>();
        boolean bound = false;
        for (int codePoint : text.codePoints().toArray()) {
            long keysym = Keysyms.forCharacter(codePoint);
            Optional<DisplayKeymap.KeyLevel> level = existing(keymap, codePoint, keysym);
            if (level.isEmpty()) {
                int next = spares.nextKeycode();
                if (batch.stream().anyMatch(planned -> planned.keycode() == next)) {
                    // The pool came round to a keycode this batch still has to type: type the batch first.
                    typeBatch(batch, bound);
                    batch.clear();
                }
                OptionalInt spare = spares.bind(keysym);
                if (spare.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "no spare keycode to type U+{0}",
                            Integer.toHexString(codePoint));
                    continue;
                }
                bound = true;
                level = Optional.of(new DisplayKeymap.KeyLevel(spare.getAsInt(), List.of()));
            }
            batch.add(level.get());
        }
        typeBatch(batch, bound);
        capsLock.ifPresent(this::tap);
        held.forEach(keycode -> key(keycode, true));
        XLibraries.xlib().XFlush(display);
        if (spares.hasBindings()) {
            giveBackLater();
        }
    }

    /** Where the character is typed without a new binding: a spare keycode bound before, or the keymap. */
    private Optional<DisplayKeymap.KeyLevel> existing(DisplayKeymap keymap, int codePoint, long keysym) {
        OptionalInt bound = spares.bound(keysym, keymap);
        return bound.isPresent() ? Optional.of(new DisplayKeymap.KeyLevel(bound.getAsInt(), List.of()))
                : keymap.find(codePoint);
    }

    private void typeBatch(List<DisplayKeymap.KeyLevel> batch, boolean bound) {
        if (bound) {
            XLibraries.xlib().XSync(display, false);
            publisher.publish();
        }
        for (DisplayKeymap.KeyLevel level : batch) {
            level.modifiers().forEach(keycode -> key(keycode, true));
            tap(level.keycode());
            level.modifiers().forEach(keycode -> key(keycode, false));
            spares.typed(level.keycode());
        }
        // Sent now, so that the time before a keycode is rebound counts from when clients got the events.
        XLibraries.xlib().XFlush(display);
    }

    private void tap(int keycode) {
        key(keycode, true);
        key(keycode, false);
    }

    private void key(int keycode, boolean down) {
        XLibraries.xtest().XTestFakeKeyEvent(display, keycode, down, XTestLibrary.NOW);
    }

    private void giveBackLater() {
        if (giveBack != null) {
            giveBack.cancel(false);
        }
        giveBack = inputThread.schedule(spares::giveBack, GIVE_BACK_AFTER_SECONDS, TimeUnit.SECONDS);
    }

    /** Gives every spare keycode back now (the injector closes). */
    void close() {
        if (giveBack != null) {
            giveBack.cancel(false);
        }
        spares.giveBack();
    }
}
