package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.orDefault;

/**
 * How the gateway checks the portal's JWTs: an HS256 secret, an RS256 public key (PEM file) or a
 * JWKS URL; and which claims carry the user name and the groups.
 */
public record JwtConfig(String hs256Secret, String rs256PublicKey, String jwksUrl, String usernameClaim,
        String groupsClaim) {
    public JwtConfig {
        hs256Secret = orDefault(hs256Secret, "");
        rs256PublicKey = orDefault(rs256PublicKey, "");
        jwksUrl = orDefault(jwksUrl, "");
        usernameClaim = orDefault(usernameClaim, "preferred_username");
        groupsClaim = orDefault(groupsClaim, "groups");
    }
}
