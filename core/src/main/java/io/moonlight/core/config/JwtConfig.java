package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.orDefault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How the gateway checks the portal's JWTs: an HS256 secret, an RS256 public key (PEM file; null
 * when not set) or a JWKS URL, exactly one of them; which claims carry the user name and the groups; and how much clock
 * skew between portal and gateway {@code exp} and {@code nbf} allow.
 */
public record JwtConfig(String hs256Secret, Path rs256PublicKey, String jwksUrl, String usernameClaim,
        String groupsClaim, Integer leewaySeconds) {
    /** RFC 7518: an HMAC key at least as long as the hash (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    public JwtConfig {
        hs256Secret = orDefault(hs256Secret, "");
        rs256PublicKey = ConfigRules.optionalPath("gateway.jwt.rs256_public_key", rs256PublicKey);
        jwksUrl = orDefault(jwksUrl, "");
        usernameClaim = orDefault(usernameClaim, "preferred_username");
        groupsClaim = orDefault(groupsClaim, "groups");
        leewaySeconds = ConfigRules.atLeast("gateway.jwt.leeway_seconds", leewaySeconds, 30, 0,
                "use a few seconds to a few minutes, e.g. 30");
        if (leewaySeconds > 300) {
            throw ConfigRules.bad("gateway.jwt.leeway_seconds", leewaySeconds + " is above 300",
                    "a leeway of minutes keeps expired tokens alive; use at most 300, e.g. 30");
        }
        if (Stream.of(!hs256Secret.isEmpty(), rs256PublicKey != null, !jwksUrl.isEmpty()).filter(set -> set).count() > 1) {
            throw ConfigRules.bad("gateway.jwt", "more than one of hs256_secret, rs256_public_key and jwks_url is set",
                    "set only the one the portal signs its tokens with");
        }
        if (!hs256Secret.isEmpty() && hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw ConfigRules.bad("gateway.jwt.hs256_secret", "shorter than " + MIN_SECRET_BYTES + " bytes",
                    "use the portal's full secret; a short HMAC key can be guessed");
        }
        if (!jwksUrl.isEmpty() && !jwksUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw ConfigRules.bad("gateway.jwt.jwks_url", "'" + jwksUrl + "' is not an http(s) URL",
                    "give the portal's JWKS address, e.g. https://portal.example.org/.well-known/jwks.json");
        }
    }

    /** Whether any way of checking tokens is configured. */
    public boolean isConfigured() {
        return !hs256Secret.isEmpty() || rs256PublicKey != null || !jwksUrl.isEmpty();
    }
}
