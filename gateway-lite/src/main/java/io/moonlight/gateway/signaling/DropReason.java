package io.moonlight.gateway.signaling;

/**
 * Why the hub dropped a message: the {@code reason} of {@code moonlight_signaling_messages_dropped_total}
 * and the {@code code} of the {@code error} answer. Each but {@link #NO_PEER} counts against the
 * sender as misbehaving; a message to a peer that has just gone is a race, not a fault.
 */
enum DropReason {
    SIZE("size"),
    MALFORMED("malformed"),
    UNKNOWN("unknown"),
    RATE("rate"),
    NO_PEER("no-peer");

    final String label;

    DropReason(String label) {
        this.label = label;
    }

    boolean isFault() {
        return this != NO_PEER;
    }
}
