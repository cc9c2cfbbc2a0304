package io.moonlight.core.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The per-session secret with which a session's supervisor and agent talk to the gateway. Only its
 * SHA-256 is stored: the token is 256 random bits, so a plain hash cannot be brute-forced and needs
 * neither salt nor a slow hash. Comparison runs in constant time.
 */
public final class SessionToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionToken() {
    }

    /** A new raw token (URL-safe Base64, no padding): hand it to the job, store only {@link #hash}. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String rawToken) {
        return HexFormat.of().formatHex(sha256(rawToken));
    }

    public static boolean matches(String rawToken, String storedHash) {
        if (rawToken == null || storedHash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(sha256(rawToken), expected);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
