package io.moonlight.agent.input;

/**
 * What a viewer's messages ask of the desktop besides keys and the pointer, called in the order the
 * viewer sent them, on the input thread.
 */
@FunctionalInterface
public interface DesktopRequests {
    /** The desktop's clipboard becomes this text (it may wait there, briefly, until the desktop holds it). */
    void clipboard(String text);

    /** The screen at about this size (the owner's window); returns at once. By default nothing: not every desktop can. */
    default void resize(int width, int height) {
    }
}
