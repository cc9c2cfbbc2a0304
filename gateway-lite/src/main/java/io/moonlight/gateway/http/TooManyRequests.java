package io.moonlight.gateway.http;

/** A request over one of the rate limits: 429, with the whole seconds until the next one is taken. */
public final class TooManyRequests extends RuntimeException {
    private final long retryAfterSeconds;

    TooManyRequests(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
