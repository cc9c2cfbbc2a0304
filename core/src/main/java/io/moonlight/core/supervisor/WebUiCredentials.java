package io.moonlight.core.supervisor;

import java.util.random.RandomGenerator;

/**
 * The login of one session's Sunshine web UI, with which the head node submits pairing PINs. The
 * password is random per session and never printed: {@link #toString()} masks it.
 */
public record WebUiCredentials(String user, String password) {
    public static final String USER = "moonlight";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 24;

    /** A new password of 24 characters from a 57-letter alphabet: over 140 bits. */
    public static WebUiCredentials generate(RandomGenerator random) {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new WebUiCredentials(USER, password.toString());
    }

    @Override
    public String toString() {
        return "WebUiCredentials[user=" + user + ", password=********]";
    }
}
