package io.moonlight.gateway;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Portal tokens for tests, signed the way a portal (or an attacker) would. */
final class Tokens {
    static final String SECRET = "a-portal-secret-of-at-least-32-bytes!";

    private Tokens() {
    }

    /** A token for the user in the groups, valid from a minute ago for an hour. */
    static JWTCreator.Builder valid(String user, String... groups) {
        Instant now = Instant.now();
        return JWT.create()
                .withClaim("preferred_username", user)
                .withClaim("groups", List.of(groups))
                .withIssuedAt(now.minusSeconds(60))
                .withNotBefore(now.minusSeconds(60))
                .withExpiresAt(now.plusSeconds(3600));
    }

    static String hs256(String user, String... groups) {
        return valid(user, groups).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A token signed with the gateway's secret whose header and payload are exactly the JSON given, as
     * an attacker who holds a token's signing path (or a careless portal) could write them.
     */
    static String signedRaw(String headerJson, String payloadJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8))
                .sign(header.getBytes(StandardCharsets.US_ASCII), payload.getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + base64.encodeToString(signature);
    }

    /** A payload with the claims of a good token for the user, and {@code more} (JSON members) after them. */
    static String payload(String user, String more) {
        long now = Instant.now().getEpochSecond();
        return "{\"preferred_username\":\"" + user + "\",\"iat\":" + (now - 60) + ",\"nbf\":" + (now - 60)
                + (more.isEmpty() ? "" : "," + more) + "}";
    }

    static final String HS256_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    /** An unsigned token ({@code alg: none}) with the claims of a good one. */
    static String unsigned(String user, String... groups) {
        String signed = hs256(user, groups);
        String payload = signed.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
