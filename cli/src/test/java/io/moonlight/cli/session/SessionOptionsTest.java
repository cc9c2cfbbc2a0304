package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.CliRun;
import io.moonlight.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session commands check their options before they open any store or scheduler: on a host whose
 * store cannot be opened (the SQLite directory is missing), bad input still says what is wrong (exit
 * 2), and only good input gets as far as the store.
 */
class SessionOptionsTest {
    private static final String ID = "ml-alice-20250101120000-abc234";

    @TempDir
    Path temp;
    private Path config;
    private Path storeDir;

    @BeforeEach
    void configure() throws Exception {
        storeDir = temp.resolve("no-such-dir");
        config = Files.writeString(temp.resolve("moonlight.yaml"), "paths:\n  session_root: " + temp.resolve("scratch")
                + "\n  state_dir: " + temp.resolve("state") + "\nstore:\n  sqlite_path: " + storeDir.resolve("moonlight.db")
                + "\nsessions:\n  scheduler: local\n");
    }

    @Test
    void badOptionsAreRefusedBeforeTheStoreIsOpened() {
        assertBadInput("0 hours is too short", "session", "start", "--hours", "0");
        assertBadInput("999 hours is longer than the QoS allows (8)", "session", "start", "--hours", "999");
        assertBadInput("unknown image 'kde'", "session", "start", "--image", "kde");
        assertBadInput("'a;id' is not a valid user name", "session", "start", "--user", "a;id");
        assertBadInput("45 is not a supported frame rate", "session", "start", "--fps", "45");
        assertBadInput("'1920x1080;id' is not a geometry", "session", "start", "--geometry", "1920x1080;id");
        assertBadInput("'a;id' is not a valid user name", "session", "list", "--user", "a;id");
        assertBadInput("'../x' is not a session id", "session", "show", "../x");
        assertBadInput("'../x' is not a session id", "session", "stop", "../x");
        assertBadInput("'../x' is not a session id", "session", "logs", "../x");
        assertBadInput("the PIN must be the 4 digits Moonlight shows", "session", "pair", ID, "--pin", "12a4");

        CliRun good = run("session", "start", "--hours", "2");
        assertEquals(ExitCode.UNAVAILABLE.code(), good.exitCode(), good.toString());
        assertTrue(good.err().startsWith("moonlight: SQLite directory " + storeDir + " does not exist"),
                "good input reaches the store: " + good);
        assertFalse(Files.exists(storeDir));
    }

    private void assertBadInput(String message, String... args) {
        CliRun result = run(args);
        assertEquals(ExitCode.USAGE.code(), result.exitCode(), result.toString());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("moonlight: " + message) && result.err().lines().count() == 1,
                result.toString());
    }

    private CliRun run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }
}
