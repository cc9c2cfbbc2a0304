package io.moonlight.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.MutableClock;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real SQLite file, plus what is particular to SQLite: WAL, schema version. */
class SqliteSessionStoreTest extends SessionStoreContract {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("moonlight.db");
    }

    @Override
    SessionStore openStore(MutableClock clock, SunshineConfig sunshine) {
        return StoreFactory.open(new StoreConfig("sqlite", file(), null), sunshine, clock);
    }

    @Override
    void assertOnlyOwnNamespace() {
        for (String name : query("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")) {
            assertTrue(name.startsWith("moonlight_"), "not in the moonlight_ namespace: " + name);
        }
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        for (String table : query("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                        all.append(rs.getString(column)).append('\t');
                    }
                    all.append('\n');
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return all.toString();
    }

    @Test
    void databaseIsInWalModeWithAVersionedSchema() {
        assertEquals(List.of("wal"), query("PRAGMA journal_mode"));
        assertEquals(List.of(String.valueOf(SqliteSessionStore.SCHEMA_VERSION)),
                query("SELECT version FROM moonlight_schema"));
        assertEquals(List.of("moonlight_leases", "moonlight_schema", "moonlight_sessions", "moonlight_state_changes"),
                query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    }

    @Test
    void aVersionOneDatabaseGetsTheIndexesPagesAreReadFrom() throws SQLException {
        Session session = created("alice");
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            s.execute("DROP INDEX moonlight_sessions_in_order");
            s.execute("DROP INDEX moonlight_sessions_of_user_in_order");
            s.execute("DROP INDEX moonlight_sessions_live_in_order");
            for (String column : List.of("agent_state", "agent_reason", "agent_at", "share_id", "share_expires_at",
                    "share_max_viewers")) {
                s.execute("ALTER TABLE moonlight_sessions DROP COLUMN " + column);
            }
            s.execute("UPDATE moonlight_schema SET version = 1");
        }
        store = openStore(clock);
        assertEquals(List.of(String.valueOf(SqliteSessionStore.SCHEMA_VERSION)), query("SELECT version FROM moonlight_schema"));
        assertEquals(List.of(session), store.page(filter(true, null, null, 10, null)).sessions());
        // The admin's pages walk an index in order and stop at the limit: no sort of the whole table.
        String all = plan("SELECT id FROM moonlight_sessions WHERE state IN ('PENDING', 'ENDED') AND (created_at, id) > "
                + "('2026', 'x') ORDER BY created_at, id LIMIT 101");
        assertTrue(all.contains("moonlight_sessions_in_order") && !all.contains("TEMP B-TREE"), all);
        String live = plan("SELECT id FROM moonlight_sessions WHERE state IN ('PENDING', 'READY') AND state NOT IN "
                + "('ENDED', 'FAILED') ORDER BY created_at, id LIMIT 101");
        assertTrue(live.contains("moonlight_sessions_live_in_order") && !live.contains("TEMP B-TREE"), live);
    }

    private String plan(String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + query)) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void aDatabaseFromBeforeTheAgentsStatusGetsItsColumnsAndKeepsItsSessions() throws Exception {
        Path old = Files.createDirectory(dir.resolve("v2")).resolve("moonlight.db");
        String script;
        try (InputStream in = getClass().getResourceAsStream("schema-v2.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            for (String statement : script.split(";\n")) {
                s.execute(statement);
            }
        }
        String id = "ml-alice-20260301090000-abcdef";
        Instant reportedAt = clock.advance(Duration.ofSeconds(1));

        try (SessionStore migrated = open(old)) {
            Session ready = migrated.get(id).orElseThrow();
            assertEquals(SessionState.READY, ready.state());
            assertEquals("desktop up on viz01 display :10", ready.history().get(2).reason());
            assertEquals(Optional.empty(), ready.agent(), "nothing reported yet");
            assertEquals(Optional.empty(), ready.share(), "not shared yet");
            assertEquals(List.of(new Lease("viz01", id, 47989, 10)), migrated.leases());
            migrated.reportAgent(id, AgentState.FAILED, "agent exited with code 1; not started again after 3 restarts");
            migrated.share(id, Optional.of(new Share("0123456789abcdef0123456789abcdef", reportedAt.plusSeconds(60), 2)));
        }
        try (SessionStore reopened = open(old)) {
            assertEquals(Optional.of(new AgentStatus(AgentState.FAILED,
                    "agent exited with code 1; not started again after 3 restarts", reportedAt)),
                    reopened.get(id).orElseThrow().agent());
            assertEquals(Optional.of(new Share("0123456789abcdef0123456789abcdef", reportedAt.plusSeconds(60), 2)),
                    reopened.get(id).orElseThrow().share());
            assertEquals(List.of(id), reopened.list().stream().map(Session::id).toList());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM moonlight_schema")) {
            assertTrue(rs.next());
            assertEquals(SqliteSessionStore.SCHEMA_VERSION, rs.getInt(1));
        }
    }

    @Test
    void reopeningKeepsEverythingAndDoesNotMigrateAgain() {
        Session session = created("alice");
        store.claimLease(session.id(), "viz01", FreeDisplays.ALL);
        store.close();
        store = openStore(clock);
        assertEquals(List.of(store.get(session.id()).orElseThrow()), store.list());
        assertEquals(1, store.leases().size());
        assertEquals(List.of(String.valueOf(SqliteSessionStore.SCHEMA_VERSION)),
                query("SELECT version FROM moonlight_schema"));
    }

    @Test
    void aDatabaseFromANewerVersionIsRefused() {
        query("UPDATE moonlight_schema SET version = 99");
        MoonlightException e = assertThrows(MoonlightException.class, () -> openStore(clock));
        assertTrue(e.getMessage().contains("schema version 99, newer than"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        MoonlightException e = assertThrows(MoonlightException.class, () -> StoreFactory.open(
                new StoreConfig("sqlite", dir.resolve("nope/m.db"), null), SUNSHINE, clock));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("nope does not exist"), e.getMessage());
    }

    @Override
    void leaveLeaseBehind(String id, String node, int basePort, int display) {
        query("INSERT INTO moonlight_leases (node, base_port, display, session_id) VALUES ('" + node + "', " + basePort
                + ", " + display + ", '" + id + "')");
    }

    private List<String> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewDatabaseAndItsWalAndShmAreTheOwnersAlone() throws Exception {
        created("alice");

        assertPrivate(file(), Path.of(file() + "-wal"), Path.of(file() + "-shm"));
    }

    @Test
    void filesLeftOpenToOthersByAnOlderVersionAreMadePrivateOnOpen() throws Exception {
        Path old = Files.createDirectory(dir.resolve("old")).resolve("moonlight.db");
        open(old).close();
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        for (String suffix : List.of("-wal", "-shm")) {
            Path left = Files.createFile(Path.of(old + suffix));
            Files.setPosixFilePermissions(left, PosixFilePermissions.fromString("rw-rw-rw-"));
        }

        try (SessionStore again = open(old)) {
            again.create(Session.pending("ml-alice-20260101120000-abcdef", "alice", SPEC, "hash", clock.instant()), 2);

            assertPrivate(old, Path.of(old + "-wal"), Path.of(old + "-shm"));
        }
    }

    @Test
    void aDirectoryEveryAccountCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        MoonlightException e = assertThrows(MoonlightException.class, () -> open(open.resolve("moonlight.db")));

        assertEquals("SQLite directory " + open + " is writable by every account, which could plant the database's"
                + " -wal or -shm file", e.getMessage());
        assertEquals(List.of(), List.of(open.toFile().list()), "nothing created there");
    }

    private SessionStore open(Path database) {
        return StoreFactory.open(new StoreConfig("sqlite", database, null), SUNSHINE, clock);
    }

    private static void assertPrivate(Path... files) throws IOException {
        for (Path file : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @ServiceTest
    @Test
    void aDatabaseRootCreatesInTheGatewaysDirectoryStaysWritableForTheGateway() throws Exception {
        SessionTestbed.ensureUnixUser();
        Path gatewayDir = UserDirs.ownedBy(dir, "state", SessionTestbed.USER);
        Path database = gatewayDir.resolve("moonlight.db");

        try (SessionStore asRoot = StoreFactory.open(new StoreConfig("sqlite", database, null), SUNSHINE,
                clock)) {
            asRoot.create(Session.pending("ml-alice-20260101120000-abcdef", "alice", SPEC, "hash", clock.instant()), 2);
            for (String name : List.of("moonlight.db", "moonlight.db-wal", "moonlight.db-shm")) {
                assertEquals(SessionTestbed.USER, Files.getOwner(gatewayDir.resolve(name)).getName(), name);
            }
            ExecResult write = new ProcessCommandRunner().run(ExternalCommand.of("runuser", "-u", SessionTestbed.USER,
                    "--", "sqlite3", database.toString(), "CREATE TABLE moonlight_probe (x); DROP TABLE moonlight_probe;"));
            assertEquals(0, write.exitCode(), "the gateway's account writes while root holds it open: " + write.stderr());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(database)));
    }
}
