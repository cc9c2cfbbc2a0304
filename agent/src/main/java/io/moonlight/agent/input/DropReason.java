package io.moonlight.agent.input;

/** Why a data-channel message was dropped, by the name the protocol counts it under. */
enum DropReason {
    /** Not JSON, an unknown {@code t}, a missing, extra or mistyped field, a value out of bounds. */
    MALFORMED("malformed"),
    /** Over 1 KiB, or a {@code clipboard} message over 256 KiB. */
    SIZE("size"),
    /**
     * Over 1,000 messages a second from the viewer, over 4 messages larger than 1 KiB a second, or
     * more than the X server keeps up with.
     */
    RATE("rate"),
    /** Any message of a view-only viewer: it sees the desktop and may not drive it. */
    VIEWER("viewer");

    private final String wireName;

    DropReason(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
