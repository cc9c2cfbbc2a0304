package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file holding a session's token, written by {@code moonlight session start} for the session's
 * user (0600) and named to the job in {@value #VARIABLE}; the supervisor and the agent read it.
 */
public final class SessionTokenFile {
    public static final String VARIABLE = "MOONLIGHT_SESSION_TOKEN_FILE";

    private SessionTokenFile() {
    }

    public static String read(Path file) {
        try {
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw MoonlightException.badInput("the session token file " + file + " is empty",
                        "the job's token file is written by 'moonlight session start'");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw MoonlightException.badInput("no session token file " + file,
                    "the job runs with " + VARIABLE + " from 'moonlight session start'");
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read the session token file " + file + ": " + e.getMessage(),
                    "the file belongs to the session's user, mode 0600");
        }
    }
}
