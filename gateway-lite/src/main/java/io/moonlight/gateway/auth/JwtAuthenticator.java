package io.moonlight.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import io.javalin.http.Context;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.GatewayConfig;
import io.moonlight.core.config.JwtConfig;
import io.moonlight.core.session.Names;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Checks the portal's JWT from {@code Authorization: Bearer} (or a signaling hello): the one algorithm configured (HS256 with
 * the shared secret, or RS256 with the PEM key or the JWKS keys), so {@code alg: none} and HS/RS
 * confusion are refused; {@code exp} required, {@code exp}, {@code nbf} and {@code iat} enforced
 * with the configured leeway. Header and payload are first read strictly by {@link TokenClaims}
 * (each key once, times as numbers, groups as strings), and the user and groups come from that
 * reading. A good token whose groups are not allowed gets 403, every other failure 401.
 */
public final class JwtAuthenticator implements Authenticator<User> {
    private static final String BEARER_HINT = "send the portal's token as 'Authorization: Bearer TOKEN'";
    private static final String LOGIN_HINT = "log in to the portal again for a fresh token";

    private final JWTVerifier verifier;
    private final String algorithm;
    private final JwtConfig jwt;
    private final List<String> allowedGroups;
    private final List<String> adminGroups;

    JwtAuthenticator(Algorithm algorithm, GatewayConfig gateway) {
        this.jwt = gateway.jwt();
        this.algorithm = algorithm.getName();
        this.verifier = JWT.require(algorithm)
                .acceptLeeway(jwt.leewaySeconds())
                .build();
        this.allowedGroups = gateway.allowedGroups();
        this.adminGroups = gateway.adminGroups();
    }

    /** The authenticator for the way of checking tokens the configuration names; bad input when it names none. */
    public static JwtAuthenticator from(GatewayConfig gateway) {
        JwtConfig jwt = gateway.jwt();
        Algorithm algorithm;
        if (!jwt.hs256Secret().isEmpty()) {
            algorithm = Algorithm.HMAC256(jwt.hs256Secret().getBytes(StandardCharsets.UTF_8));
        } else if (jwt.rs256PublicKey() != null) {
            algorithm = Algorithm.RSA256(PemPublicKey.read(jwt.rs256PublicKey()), null);
        } else if (!jwt.jwksUrl().isEmpty()) {
            algorithm = Algorithm.RSA256(new JwksKeys(jwt.jwksUrl()));
        } else {
            throw MoonlightException.badInput("the gateway has no way to check the portal's tokens",
                    "set one of gateway.jwt.hs256_secret, gateway.jwt.rs256_public_key or gateway.jwt.jwks_url");
        }
        return new JwtAuthenticator(algorithm, gateway);
    }

    @Override
    public User authenticate(Context request) {
        return userOf(bearerToken(request.header("Authorization")));
    }

    /** The user a portal token proves, wherever it came from (a request's header, a signaling hello). */
    public User userOf(String token) {
        TokenClaims claims = TokenClaims.read(token);
        verify(token);
        String name = username(claims);
        Set<String> groups = claims.groups(jwt.groupsClaim());
        boolean admin = adminGroups.stream().anyMatch(groups::contains);
        if (!admin && allowedGroups.stream().noneMatch(groups::contains)) {
            throw AuthFailure.forbidden("user " + name + " is in none of the groups allowed to use moonlight",
                    "ask an administrator for one of: " + String.join(", ", allowedGroups));
        }
        return new User(name, groups, admin);
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw AuthFailure.unauthorized("no token", BEARER_HINT);
        }
        String[] parts = header.trim().split("\\s+");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw AuthFailure.unauthorized("the Authorization header is not a Bearer token", BEARER_HINT);
        }
        return parts[1];
    }

    private void verify(String token) {
        try {
            verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw AuthFailure.unauthorized("the token expired at " + e.getExpiredOn(), LOGIN_HINT);
        } catch (IncorrectClaimException e) {
            String claim = e.getClaimName();
            if ("nbf".equals(claim) || "iat".equals(claim)) {
                throw AuthFailure.unauthorized("the token is not valid yet (" + claim + " is in the future)",
                        "check that the portal's and the gateway's clocks agree");
            }
            throw AuthFailure.unauthorized("the token's claim '" + claim + "' is not accepted", LOGIN_HINT);
        } catch (AlgorithmMismatchException e) {
            throw AuthFailure.unauthorized("the token is not signed with " + algorithm,
                    "the gateway accepts only " + algorithm + " tokens from the portal (see gateway.jwt)");
        } catch (SignatureVerificationException e) {
            throw AuthFailure.unauthorized("the token's signature does not verify",
                    "the token was not issued by the configured portal, or its key changed (see gateway.jwt)");
        } catch (JWTDecodeException e) {
            throw AuthFailure.unauthorized("the bearer token is not a JWT", BEARER_HINT);
        } catch (JWTVerificationException e) {
            throw AuthFailure.unauthorized("the token is not accepted", LOGIN_HINT);
        }
    }

    private String username(TokenClaims claims) {
        String name = claims.user(jwt.usernameClaim());
        try {
            return Names.user(name);
        } catch (MoonlightException e) {
            throw AuthFailure.forbidden("the token's user is not a valid login name: " + e.getMessage(),
                    "moonlight runs sessions for login names only");
        }
    }
}
