package io.moonlight.agent.input;

/** A data-channel message that is not a valid input message; the message says what is wrong. */
final class MalformedInputException extends Exception {
    MalformedInputException(String message) {
        super(message, null, false, false);
    }
}
