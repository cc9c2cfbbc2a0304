package io.moonlight.gateway.signaling;

/** A hello the hub does not accept: the connection is closed with this code and the one-line message. */
final class Refusal extends RuntimeException {
    final CloseCode code;

    Refusal(CloseCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
