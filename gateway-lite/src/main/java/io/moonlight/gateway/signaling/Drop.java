package io.moonlight.gateway.signaling;

/** A message the hub drops instead of relaying: counted, and answered with an {@code error}. */
final class Drop extends RuntimeException {
    final DropReason reason;

    Drop(DropReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
