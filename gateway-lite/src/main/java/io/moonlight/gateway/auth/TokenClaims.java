package io.moonlight.gateway.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A portal token's header and payload, read more strictly than the JWT library reads them: each a
 * JSON object with every key once (a library that keeps the last of two {@code groups} lets the
 * one who writes the second decide), {@code exp} present and a time, {@code nbf} and {@code iat}
 * times when present, the user name a string and the groups strings. Each refusal is a 401 naming
 * what is wrong; the signature is checked after this by the verifier, over the same bytes.
 */
final class TokenClaims {
    /** 9999-12-31T23:59:59Z: a NumericDate beyond it is no time a portal means. */
    static final long LATEST_TIME = 253_402_300_799L;
    private static final List<String> TIMES = List.of("exp", "nbf", "iat");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$", Pattern.DOTALL);
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final String NOT_A_JWT_HINT = "send the portal's token as 'Authorization: Bearer TOKEN'";
    private static final String PORTAL_HINT = "the portal must issue tokens as RFC 7519 describes them; "
            + "log in again, or ask the portal's administrator";
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode payload;

    private TokenClaims(JsonNode payload) {
        this.payload = payload;
    }

    static TokenClaims read(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw AuthFailure.unauthorized("the bearer token is not a JWT", NOT_A_JWT_HINT);
        }
        object("header", parts[0]);
        TokenClaims claims = new TokenClaims(object("payload", parts[1]));
        for (String time : TIMES) {
            claims.checkTime(time);
        }
        return claims;
    }

    /** The login name under {@code claim}: 401 when it is missing or not a string. */
    String user(String claim) {
        JsonNode name = payload.get(claim);
        if (name == null || name.isNull() || name.asText().isEmpty()) {
            throw AuthFailure.unauthorized("the token has no '" + claim + "' claim",
                    "set gateway.jwt.username_claim to the claim the portal puts the login name in");
        }
        if (!name.isTextual()) {
            throw AuthFailure.unauthorized("the token's '" + claim + "' claim is not a string", PORTAL_HINT);
        }
        return name.asText();
    }

    /** The groups under {@code claim}: a list of names or one name; none when absent; 401 for anything else. */
    Set<String> groups(String claim) {
        JsonNode groups = payload.get(claim);
        if (groups == null) {
            return Set.of();
        }
        if (groups.isTextual()) {
            return Set.of(groups.asText());
        }
        Set<String> names = new LinkedHashSet<>();
        if (groups.isArray()) {
            groups.forEach(group -> names.add(group.isTextual() ? group.asText() : null));
        }
        if (!groups.isArray() || names.contains(null)) {
            throw AuthFailure.unauthorized("the token's '" + claim + "' claim is not a list of group names",
                    "it must hold strings only, e.g. [\"HPC-Users\"] (see gateway.jwt.groups_claim)");
        }
        return names;
    }

    private void checkTime(String claim) {
        JsonNode time = payload.get(claim);
        if (time == null && claim.equals("exp")) {
            throw AuthFailure.unauthorized("the token has no 'exp' claim", "the portal must issue tokens that expire");
        }
        if (time != null && !(time.isNumber() && time.asDouble() >= 0 && time.asDouble() <= LATEST_TIME)) {
            throw AuthFailure.unauthorized("the token's '" + claim + "' claim is not a time (seconds since 1970 "
                    + "as a JSON number)", PORTAL_HINT);
        }
    }

    private static JsonNode object(String part, String base64) {
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AuthFailure.unauthorized("the bearer token is not a JWT", NOT_A_JWT_HINT);
        }
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
            if (duplicate.matches()) {
                String key = PLAIN_KEY.matcher(duplicate.group(1)).matches() ? "the key '" + duplicate.group(1) + "'" : "a key";
                throw AuthFailure.unauthorized("the token's " + part + " has " + key + " twice",
                        "a token names each claim once; " + PORTAL_HINT);
            }
            throw AuthFailure.unauthorized("the bearer token is not a JWT (its " + part + " is not JSON)", NOT_A_JWT_HINT);
        }
        if (node == null || !node.isObject()) {
            throw AuthFailure.unauthorized("the bearer token is not a JWT (its " + part + " is not a JSON object)",
                    NOT_A_JWT_HINT);
        }
        return node;
    }
}
