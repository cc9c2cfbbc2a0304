package io.moonlight.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.GatewayConfig;
import io.moonlight.core.config.JwtConfig;
import io.moonlight.core.session.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issues a login token the gateway accepts, as the portal would: HS256 with the configured shared
 * secret, the user and groups under the configured claim names, {@code iat} now and {@code exp}
 * after the given time. Only an HS256 gateway can: with RS256 or JWKS the private key is the portal's.
 */
public final class TokenIssuer {
    /** The longest a minted token lives: it is for a test login or a demo, not a portal's replacement. */
    public static final int MAX_HOURS = 24 * 7;

    private final JwtConfig jwt;
    private final Algorithm algorithm;

    private TokenIssuer(JwtConfig jwt) {
        this.jwt = jwt;
        this.algorithm = Algorithm.HMAC256(jwt.hs256Secret().getBytes(StandardCharsets.UTF_8));
    }

    public static TokenIssuer from(GatewayConfig gateway) {
        if (gateway.jwt().hs256Secret().isEmpty()) {
            throw MoonlightException.badInput("the gateway checks tokens with a key moonlight does not hold",
                    "only a gateway with gateway.jwt.hs256_secret can be given a token here; with RS256 or JWKS "
                            + "the portal issues them");
        }
        return new TokenIssuer(gateway.jwt());
    }

    /** A signed token for {@code user} in {@code groups}, valid from {@code now} for {@code hours}. */
    public String issue(String user, List<String> groups, int hours, Instant now) {
        Names.user(user);
        if (hours < 1 || hours > MAX_HOURS) {
            throw MoonlightException.badInput("--hours " + hours + " is out of range",
                    "give 1 to " + MAX_HOURS + " hours");
        }
        if (groups.isEmpty() || groups.stream().anyMatch(g -> g == null || g.isBlank())) {
            throw MoonlightException.badInput("a token needs at least one group, and no empty one",
                    "e.g. --groups HPC-Users");
        }
        return JWT.create()
                .withClaim(jwt.usernameClaim(), user)
                .withClaim(jwt.groupsClaim(), List.copyOf(groups))
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofHours(hours)))
                .sign(algorithm);
    }
}
