package io.moonlight.gateway.signaling;

/** The close codes of signaling protocol version 1 (docs/streaming.md). */
enum CloseCode {
    NORMAL(1000),
    RESTARTING(1012),
    /** The store or the portal's keys cannot be reached to check a hello now: the peer tries again. */
    UNAVAILABLE(1013),
    BAD_HELLO(4400),
    BAD_TOKEN(4401),
    FORBIDDEN(4403),
    NO_SESSION(4404),
    TIMEOUT(4408),
    REPLACED(4409),
    /** The share link a viewer came with was revoked, replaced by a new one, or expired. */
    SHARE_GONE(4410),
    MISBEHAVING(4429);

    final int code;

    CloseCode(int code) {
        this.code = code;
    }
}
