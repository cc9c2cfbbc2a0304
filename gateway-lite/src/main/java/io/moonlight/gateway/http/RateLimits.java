package io.moonlight.gateway.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;
import io.moonlight.core.config.RateLimitConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's rate limits ({@code gateway.rate_limit}), token buckets that refill evenly over a
 * minute: one per client address, taken from by every request before its token is read (so a flood
 * of bad tokens or unknown paths costs little), and one per caller, the portal user or the session
 * whose supervisor calls, once the caller is proven. A request that finds its bucket empty is
 * refused with {@link TooManyRequests}; a limit of 0 is no limit.
 */
public final class RateLimits {
    private final Buckets perAddress;
    private final Buckets perCaller;

    /** {@code clock}: the gateway's, so that a test can hold time still and count exactly. */
    public RateLimits(RateLimitConfig config, Clock clock) {
        TimeMeter time = new ClockTime(clock);
        this.perAddress = new Buckets(config.perAddressPerMinute(), time);
        this.perCaller = new Buckets(config.perUserPerMinute(), time);
    }

    /** Every request, before anything else: the client address's share ({@link ClientAddress}). */
    public void address(Context ctx) {
        String address = ctx.ip();
        perAddress.take(ClientAddress.limitKey(address), "address " + address);
    }

    /** A proven caller's share: {@code who} is how the log names it ("alice", "session:ID"). */
    void caller(String who) {
        perCaller.take(who, who);
    }

    /**
     * The buckets of one limit by key. A bucket that has refilled to the full holds nothing a new one
     * would not, so such buckets are dropped whenever the map has grown to twice its size after the
     * last sweep: memory follows the clients of the last minute, not of all time.
     */
    private static final class Buckets {
        private static final int FIRST_SWEEP = 1024;
        private static final long NANOS_PER_SECOND = 1_000_000_000L;
        private final int perMinute;
        private final TimeMeter time;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        private volatile int sweepAt = FIRST_SWEEP;

        Buckets(int perMinute, TimeMeter time) {
            this.perMinute = perMinute;
            this.time = time;
        }

        void take(String key, String who) {
            if (perMinute == 0) {
                return;
            }
            if (buckets.size() >= sweepAt) {
                sweep();
            }
            ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                    .withCustomTimePrecision(time)
                    .build()).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
                throw new TooManyRequests("more than " + perMinute + " requests a minute from " + who, seconds);
            }
        }

        private synchronized void sweep() {
            if (buckets.size() < sweepAt) {
                return;
            }
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= perMinute);
            sweepAt = Math.max(FIRST_SWEEP, buckets.size() * 2);
        }
    }
}
