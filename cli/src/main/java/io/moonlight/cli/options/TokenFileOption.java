package io.moonlight.cli.options;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.supervisor.SessionTokenFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --token-file}: the session's token, for the commands its job runs (the supervisor, the agent). */
public final class TokenFileOption {
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The session's token (default: $" + SessionTokenFile.VARIABLE + ", set by the job).")
    private Path tokenFile;

    /** The file given, else the job's. */
    public Path file() {
        if (tokenFile != null) {
            return tokenFile;
        }
        String file = System.getenv(SessionTokenFile.VARIABLE);
        if (file == null || file.isBlank()) {
            throw MoonlightException.badInput("no session token file",
                    "the job sets $" + SessionTokenFile.VARIABLE + "; by hand give --token-file FILE");
        }
        return Path.of(file);
    }
}
