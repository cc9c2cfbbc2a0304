package io.moonlight.agent.input;


/**
 * One viewer's input: {@link #accept} takes each text message of its {@code input} data channel.
 * Safe to call from any thread; nothing here throws or blocks on the X server. A {@code clipboard}
 * or {@code resize} message goes to the viewer's {@link DesktopRequests}, everything else to the
 * display; all in the order the viewer sent them (the keys of a paste come after its clipboard).
 */
public final class ViewerInput implements AutoCloseable {
    private final String id;
    private final InputInjector injector;
    private final InputAdmission admission;
    private final DesktopRequests requests;
    private final ViewerState state = new ViewerState();

    ViewerInput(String id, InputInjector injector, InputAdmission admission, DesktopRequests requests) {
        this.id = id;
        this.injector = injector;
        this.admission = admission;
        this.requests = requests;
    }

    /** Validates the message and injects it; a malformed, oversized or excess one is dropped and counted. */
    public void accept(String jsonText) {
        admission.admit(jsonText).ifPresent(message -> {
            if (message instanceof InputMessage.Clipboard text) {
                injector.inOrder(() -> requests.clipboard(text.text()));
            } else if (message instanceof InputMessage.Resize size) {
                injector.inOrder(() -> requests.resize(size.width(), size.height()));
            } else {
                injector.inject(state, message);
            }
        });
    }

    /** Releases every key and button this viewer holds (its page lost focus, or it left). */
    public void releaseAll() {
        injector.releaseAll(state);
    }

    /** The viewer left: releases what it holds and forgets it. */
    @Override
    public void close() {
        releaseAll();
        injector.forget(id);
    }
}
