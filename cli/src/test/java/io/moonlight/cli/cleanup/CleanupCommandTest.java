package io.moonlight.cli.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.core.ExitCode;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.TreeRemover;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.StartRequest;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moonlight cleanup} deleting the store's records of long-over sessions, on a single host
 * (SQLite, local scheduler). Records are made old by writing them through a client of the store whose
 * clock is that far back.
 */
class CleanupCommandTest {
    private static final String USER = "alice";
    private static final int KEEP_RECORDS_DAYS = 30;
    private static final SessionSpec SPEC = new StartRequest(USER, null, null, null, null, null, null).spec();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    Path configFile;
    MoonlightConfig config;

    @BeforeEach
    void configure() throws Exception {
        configFile = writeConfig("keep_records_days: " + KEEP_RECORDS_DAYS);
        config = ConfigLoader.read(configFile);
    }

    private Path writeConfig(String recordsLine) throws Exception {
        Path file = temp.resolve("moonlight.yaml");
        Files.writeString(file, "paths:\n  session_root: " + Files.createDirectories(temp.resolve("scratch"))
                + "\n  state_dir: " + Files.createDirectories(temp.resolve("state")) + "\n  log_dir: " + temp.resolve("log")
                + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db")
                + "\nsessions:\n  scheduler: local\n  keep_days: 7\n  " + recordsLine + "\n");
        return file;
    }

    /** A store client whose clock is {@code ago} behind: what it writes is that old. */
    private SessionStore storeOf(Duration ago) {
        return StoreFactory.open(config.store(), config.sunshine(), Clock.offset(Clock.systemUTC(), ago.negated()));
    }

    private Session endedSince(Duration ago) {
        try (SessionStore then = storeOf(ago)) {
            Clock past = Clock.offset(Clock.systemUTC(), ago.negated());
            Session session = Session.pending(new SessionIds(past, new SecureRandom()).next(USER), USER, SPEC, "hash",
                    past.instant());
            then.create(session, 2);
            return then.transition(session.id(), SessionState.PENDING, SessionState.ENDED, "stopped by alice")
                    .orElseThrow();
        }
    }

    private CliRun cleanup(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "--config";
        args[1] = configFile.toString();
        args[2] = "cleanup";
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.of(args);
    }

    @Test
    void recordsPastKeepRecordsDaysAreListedByADryRunThenDeletedAndCounted() throws Exception {
        Session old = endedSince(Duration.ofDays(KEEP_RECORDS_DAYS + 1));
        Session recent = endedSince(Duration.ofDays(KEEP_RECORDS_DAYS - 1));

        CliRun dryRun = cleanup("--dry-run");

        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertEquals("cleanup (dry run, nothing changed): 0 ended, 0 failed, 0 orphans found, 0 directories removed, "
                + "1 records deleted\n", dryRun.out());
        assertEquals("would: record of " + old.id() + " deleted: ENDED since " + old.updatedAt()
                + " (sessions.keep_records_days " + KEEP_RECORDS_DAYS + ")\n", dryRun.err());
        try (SessionStore store = storeOf(Duration.ZERO)) {
            assertEquals(List.of(old, recent), store.list(), "a dry run deletes nothing");
        }

        CliRun run = cleanup("--json");

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(1, result.get("records_deleted").asInt(), run.out());
        assertEquals(0, result.get("directories_removed").asInt(), run.out());
        assertEquals(1, result.get("actions").size(), run.out());
        JsonNode action = result.get("actions").get(0);
        assertEquals("RECORD", action.get("kind").asText());
        assertEquals(old.id(), action.get("session").asText());
        assertTrue(action.get("done").asBoolean());
        try (SessionStore store = storeOf(Duration.ZERO)) {
            assertEquals(Optional.empty(), store.get(old.id()));
            assertEquals(List.of(recent), store.list());
        }

        CliRun again = cleanup();

        assertEquals("cleanup: 0 ended, 0 failed, 0 orphans cancelled, 0 directories removed, 0 records deleted\n",
                again.out(), again.toString());
    }

    @Test
    void aDirectoryThatCannotBeRemovedIsReportedTheRestIsDoneAndTheRunExitsWith1() throws Exception {
        Session deep = endedSince(Duration.ofDays(8));
        Session plain = endedSince(Duration.ofDays(8));
        Path deepDir = Files.createDirectories(dirOf(deep));
        // One level more than the removal enters: what it cannot reach stays, and says so.
        new ProcessCommandRunner().run(ExternalCommand.of("python3", "-c", "import os, sys\nos.chdir(sys.argv[1])\n"
                + "for _ in range(int(sys.argv[2])):\n    os.mkdir('d')\n    os.chdir('d')\n", deepDir.toString(),
                String.valueOf(TreeRemover.MAX_DEPTH))).orFail("nesting directories", null);
        Path plainDir = Files.createDirectories(dirOf(plain).resolve("logs")).getParent();

        CliRun json = cleanup("--json");

        assertEquals(ExitCode.ERROR.code(), json.exitCode(), json.toString());
        JsonNode result = JSON.readTree(json.out());
        assertEquals(1, result.get("directories_removed").asInt(), json.out());
        assertEquals(1, result.get("directories_not_removed").asInt(), json.out());
        JsonNode left = result.get("actions").get(0);
        assertEquals("DIRECTORY_NOT_REMOVED", left.get("kind").asText());
        assertEquals(deepDir.toString(), left.get("path").asText());
        assertFalse(left.get("done").asBoolean());
        assertTrue(left.get("reason").asText().startsWith("ENDED since " + deep.updatedAt()
                + " (sessions.keep_days 7); left: d/d/"), left.toString());
        assertTrue(left.get("reason").asText().endsWith(": deeper than " + TreeRemover.MAX_DEPTH + " levels"),
                left.toString());
        assertFalse(Files.exists(plainDir), "the other session's directory is removed in the same pass");

        CliRun again = cleanup();

        assertEquals(ExitCode.ERROR.code(), again.exitCode(), again.toString());
        assertEquals("cleanup: 0 ended, 0 failed, 0 orphans cancelled, 0 directories removed, 0 records deleted, "
                + "1 directories not removed\n", again.out());
        assertTrue(again.err().startsWith(deepDir + " not removed: ENDED since "), again.err());
    }

    private Path dirOf(Session session) {
        return config.paths().sessionRoot().resolve("sunshine_" + session.user()).resolve(session.id());
    }

    @Test
    void recordsKeptShorterThanDirectoriesAreRefusedBeforeAnythingIsDeleted() throws Exception {
        Session old = endedSince(Duration.ofDays(KEEP_RECORDS_DAYS + 1));
        writeConfig("keep_records_days: 3");

        CliRun run = cleanup();

        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: " + configFile + ": configuration key 'sessions.keep_records_days': "
                + "3 is below 7 (hint: "), run.err());
        assertEquals("", run.out());
        try (SessionStore store = storeOf(Duration.ZERO)) {
            assertEquals(List.of(old), store.list());
        }
    }
}
