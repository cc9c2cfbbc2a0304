package io.moonlight.gateway.http;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** The gateway's clock as Bucket4j's time, so that a test can hold time still and count a limit exactly. */
public record ClockTime(Clock clock) implements TimeMeter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
