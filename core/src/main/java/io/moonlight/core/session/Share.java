package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A session's view-only share: the random id its link carries, when it expires, and how many viewers
 * may watch through it at once. A session has at most one; a new one replaces it.
 */
public record Share(String id, Instant expiresAt, int maxViewers) {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    public static final int DEFAULT_MAX_VIEWERS = 5;
    public static final int MAX_VIEWERS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Share {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new share with a fresh id (128 random bits, hex), valid for {@code lifetime} from {@code now}. */
    public static Share create(Instant now, Duration lifetime, int maxViewers) {
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw MoonlightException.badInput("a share expires after 1 minute to 7 days, not " + lifetime.toMinutes()
                    + " minutes", "give e.g. --expires 2h (30m, 2h, 1d)");
        }
        if (maxViewers < 1 || maxViewers > MAX_VIEWERS) {
            throw MoonlightException.badInput("a share lets 1 to " + MAX_VIEWERS + " viewers watch, not " + maxViewers,
                    "give e.g. --max-viewers " + DEFAULT_MAX_VIEWERS);
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new Share(HexFormat.of().formatHex(bytes), now.plus(lifetime), maxViewers);
    }

    /** Whether {@code candidate} is this share's id and the share has not expired at {@code now}. */
    public boolean admits(String candidate, Instant now) {
        return MessageDigest.isEqual(id.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8))
                && now.isBefore(expiresAt);
    }
}
