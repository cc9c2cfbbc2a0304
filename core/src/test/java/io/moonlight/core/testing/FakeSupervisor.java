package io.moonlight.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stands in for the moonlight launcher in session jobs until the real supervisor
 * ({@code moonlight session run}) exists: it records its arguments and whether it could read the
 * session's token file, says on stdout (the job log) that it is up, then sleeps in a child process
 * until SIGTERM, like the supervisor, and says it stops.
 */
public final class FakeSupervisor {
    private static final String SCRIPT = """
            #!/bin/bash
            # Each record is written beside its name and renamed, so a test never reads it half-written.
            echo "$*" > "$MOONLIGHT_SESSION_DIR/.args" && mv "$MOONLIGHT_SESSION_DIR/.args" "$MOONLIGHT_SESSION_DIR/fake-supervisor.args"
            echo "fake supervisor of $MOONLIGHT_SESSION_ID up"
            if [ -r "$MOONLIGHT_SESSION_TOKEN_FILE" ]; then cat "$MOONLIGHT_SESSION_TOKEN_FILE" > "$MOONLIGHT_SESSION_DIR/.token" && mv "$MOONLIGHT_SESSION_DIR/.token" "$MOONLIGHT_SESSION_DIR/fake-supervisor.token"; fi
            trap 'echo "fake supervisor of $MOONLIGHT_SESSION_ID stopping"; kill $child 2>/dev/null; exit 0' TERM
            sleep 2718 &
            child=$!
            wait
            """;

    private FakeSupervisor() {
    }

    /** Writes the stand-in launcher as {@code dir/fake-moonlight} (mode 0755) and returns its path. */
    public static Path writeTo(Path dir) throws IOException {
        Path launcher = dir.resolve("fake-moonlight");
        Files.writeString(launcher, SCRIPT);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }
}
