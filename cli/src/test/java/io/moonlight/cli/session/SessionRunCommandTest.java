package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `session run` refuses before it reaches the gateway; the running session is SupervisedSessionTest's. */
class SessionRunCommandTest {
    private static final String ID = "ml-alice-20260101120000-abcdef";
    @TempDir
    Path dir;

    @Test
    void aMissingTokenFileIsBadInput() {
        CliRun run = CliRun.of("session", "run", ID, "--token-file", dir.resolve("session.token").toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("moonlight: no session token file " + dir.resolve("session.token") + " (hint: the job runs with "
                + "MOONLIGHT_SESSION_TOKEN_FILE from 'moonlight session start')\n", run.err());
    }

    @Test
    void anEmptyTokenFileIsBadInput() throws Exception {
        Path token = Files.writeString(dir.resolve("session.token"), "\n");

        CliRun run = CliRun.of("session", "run", ID, "--token-file", token.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("moonlight: the session token file " + token + " is empty (hint: the job's token file is written by "
                + "'moonlight session start')\n", run.err());
    }

    @Test
    void aMalformedSessionIdIsBadInput() throws Exception {
        Path token = Files.writeString(dir.resolve("session.token"), "token\n");

        CliRun run = CliRun.of("session", "run", "../../etc", "--token-file", token.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("", run.out());
    }
}
