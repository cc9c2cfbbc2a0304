package io.moonlight.agent.input;

import java.util.function.LongSupplier;

/** A token bucket: {@code perSecond} tokens a second, holding at most a second's worth. */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    private final double perSecond;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    TokenBucket(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.tokens = perSecond;
        this.refilledAt = nanoClock.getAsLong();
    }

    synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - refilledAt) / NANOS_PER_SECOND * perSecond);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
