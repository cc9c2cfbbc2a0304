package io.moonlight.agent;

/**
 * What a browser peer of the session may do, decided in one place ({@link #of}): the clipboard, the
 * screen's size, and later the input, go only where the role allows. Every browser the hub relays to the agent today is
 * the session's owner (or an admin the gateway lets in, who acts as the owner).
 */
public enum PeerRole {
    /** Sees the desktop, sends input, shares the clipboard both ways and sizes the screen to its window. */
    OWNER;

    /** The role of the peer the hub named. */
    static PeerRole of(String peer) {
        return OWNER;
    }

    /** Whether the screen follows this peer's window (its resize messages). */
    public boolean resizesDesktop() {
        return this == OWNER;
    }

    /** Whether the desktop's clipboard goes to this peer and its clipboard to the desktop. */
    public boolean sharesClipboard() {
        return this == OWNER;
    }
}
