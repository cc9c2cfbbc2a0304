package io.moonlight.core.turn;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Issues TURN credentials coturn accepts with {@code use-auth-secret}: the user name is the expiry
 * in Unix seconds and a name, the password base64(HMAC-SHA1(secret, user name)). coturn checks both
 * with the same secret and refuses a user name whose time has passed, so nothing is stored per
 * credential and a leaked one stops working by itself.
 */
public final class TurnCredentials {
    private final String secret;
    private final Duration lifetime;
    private final Clock clock;

    public TurnCredentials(String secret, Duration lifetime, Clock clock) {
        this.secret = secret;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** How long an issued credential allocates. */
    public Duration lifetime() {
        return lifetime;
    }

    /** A credential for {@code name} (a user's login, a session id), valid for the lifetime from now. */
    public TurnCredential issue(String name) {
        Instant expires = clock.instant().plus(lifetime);
        String username = expires.getEpochSecond() + ":" + name;
        return new TurnCredential(username, password(secret, username), expires);
    }

    static String password(String secret, String username) {
        return Base64.getEncoder().encodeToString(StunMessage.hmacSha1(secret.getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8)));
    }
}
