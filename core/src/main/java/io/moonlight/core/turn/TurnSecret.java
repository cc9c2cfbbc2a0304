package io.moonlight.core.turn;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret coturn and the gateway share ({@code turn.secret_file}): 64 hex digits on one line,
 * made once by {@code moonlight install turn} and kept on later runs.
 */
public final class TurnSecret {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    private TurnSecret() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code text} (a secret file's content) holds a secret of the form {@link #generate} makes. */
    public static boolean isSecret(String text) {
        return FORM.matcher(text.strip()).matches();
    }

    /** The secret in {@code file}, or a one-line error naming the file and what to do. */
    public static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw MoonlightException.badInput("turn.secret_file " + file + " does not exist",
                    "run 'moonlight install turn' on this host, which makes it");
        } catch (AccessDeniedException e) {
            throw MoonlightException.badInput("cannot read turn.secret_file " + file + ": permission denied",
                    "run as gateway.service_user or root ('moonlight install turn' makes it readable by that account)");
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read turn.secret_file " + file + ": " + e.getMessage(),
                    "check the file and its directory");
        }
        if (!isSecret(text)) {
            throw MoonlightException.badInput("turn.secret_file " + file + " does not hold a secret (64 hex digits)",
                    "remove it and run 'moonlight install turn' again, which makes a new one");
        }
        return text.strip();
    }
}
