package io.moonlight.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a browser peer of the session may do, decided in one place: input, the clipboard and the
 * screen's size go only where the role allows. The hub marks what it relays from a view-only viewer with
 * {@code role: "viewer"}; what it relays from the session's owner (or an admin the gateway lets
 * join as the owner) carries no role.
 */
public enum PeerRole {
    /** Sees the desktop, sends input, shares the clipboard both ways and sizes the screen to its window. */
    OWNER,
    /** Sees the desktop only: its input and clipboard are refused, the desktop's clipboard never reaches it. */
    VIEWER;

    /** The role of the peer that sent {@code relayed} (its offer), as the hub marked it. */
    public static PeerRole ofRelayed(JsonNode relayed) {
        return relayed.path("role").asText("").equals("viewer") ? VIEWER : OWNER;
    }

    /** Whether the desktop's clipboard goes to this peer and its clipboard to the desktop. */
    public boolean sharesClipboard() {
        return this == OWNER;
    }

    /** Whether the screen follows this peer's window (its resize messages). */
    public boolean resizesDesktop() {
        return this == OWNER;
    }

    /** Whether this peer's input reaches the display. */
    public boolean sendsInput() {
        return this == OWNER;
    }
}
