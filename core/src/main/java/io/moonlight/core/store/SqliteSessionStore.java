package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.IllegalTransitionException;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionLimitException;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.StateChange;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SqliteSessionRow.Column;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Sessions in one SQLite file, for a single host. WAL mode lets readers run beside the writer; every
 * decision (limit, state change, lease) runs in a {@code BEGIN IMMEDIATE} transaction, which takes
 * the write lock up front, so two processes (gateway and a cron cleanup) cannot both decide on the
 * same rows. The busy timeout makes a writer wait for the lock instead of failing. Tables are all
 * named {@code moonlight_*}; the schema is created on open and versioned.
 */
public final class SqliteSessionStore implements SessionStore {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Connections stay open: when the last connection to a WAL database closes, SQLite checkpoints
     * and deletes the log, which made every operation cost several times more (2.3 ms instead of 0.5 ms
     * for a create here).
     */
    private static final int POOL_SIZE = 4;
    /** As the live index and the queries that use it spell it: SQLite matches the text. */
    private static final String LIVE = "state NOT IN ('ENDED', 'FAILED')";
    /** Step n brings a database from schema version n to n + 1; a new file runs them all. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(SqliteSessionRow.CREATE_TABLE,
                    "CREATE INDEX moonlight_sessions_by_user ON moonlight_sessions (user_name, state)",
                    SqliteSessionRow.CREATE_CHANGES_TABLE,
                    """
                    CREATE TABLE moonlight_leases (
                      node TEXT NOT NULL,
                      base_port INTEGER NOT NULL,
                      display INTEGER NOT NULL,
                      session_id TEXT NOT NULL UNIQUE REFERENCES moonlight_sessions (id) ON DELETE CASCADE,
                      PRIMARY KEY (node, base_port),
                      UNIQUE (node, display))"""),
            // Pages in listing order (everyone's, the live ones', one user's) read from an index, not sorted whole.
            List.of("CREATE INDEX moonlight_sessions_in_order ON moonlight_sessions (created_at, id)",
                    "CREATE INDEX moonlight_sessions_live_in_order ON moonlight_sessions (created_at, id) WHERE " + LIVE,
                    "CREATE INDEX moonlight_sessions_of_user_in_order ON moonlight_sessions (user_name, created_at, id)"),
            // The supervisor's last report about the session's agent.
            SqliteSessionRow.addColumns(3),
            // The session's view-only share.
            SqliteSessionRow.addColumns(4));
    static final int SCHEMA_VERSION = MIGRATIONS.size();

    private final Path file;
    private final SQLiteDataSource dataSource;
    private final BlockingQueue<Connection> connections;
    private final LeasePolicy leases;
    private final Clock clock;

    private SqliteSessionStore(Path file, LeasePolicy leases, Clock clock) {
        this.file = file;
        this.leases = leases;
        this.clock = clock;
        this.connections = new ArrayBlockingQueue<>(POOL_SIZE);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        this.dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
    }

    /**
     * Opens (and on first use creates) the database file, private to its owner ({@link SqliteFiles});
     * its directory must exist and not be writable by every account.
     */
    public static SqliteSessionStore open(Path file, LeasePolicy leases, Clock clock) {
        SqliteFiles files = new SqliteFiles(file);
        files.prepare();
        SqliteSessionStore store = new SqliteSessionStore(file, leases, clock);
        try {
            store.connect();
            store.migrate();
            files.makePrivate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void connect() {
        for (int i = 0; i < POOL_SIZE; i++) {
            try {
                connections.add(dataSource.getConnection());
            } catch (SQLException e) {
                throw MoonlightException.unavailable("SQLite " + file + " cannot be opened: " + e.getMessage(),
                        "check that the file and its directory are writable by this user");
            }
        }
    }

    private void migrate() {
        run("create the schema", c -> {
            try (Statement s = c.createStatement()) {
                // Persistent in the file: set once, every later connection uses WAL.
                s.execute("PRAGMA journal_mode=WAL");
            }
            return writing(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS moonlight_schema (version INTEGER NOT NULL)");
                    int version = 0;
                    try (ResultSet rs = s.executeQuery("SELECT max(version) FROM moonlight_schema")) {
                        if (rs.next()) {
                            version = rs.getInt(1);
                        }
                    }
                    if (version > SCHEMA_VERSION) {
                        throw MoonlightException.failed("SQLite database " + file + " has schema version " + version
                                + ", newer than this moonlight's " + SCHEMA_VERSION, "upgrade moonlight");
                    }
                    if (version == 0) {
                        s.execute("INSERT INTO moonlight_schema (version) VALUES (0)");
                    }
                    for (List<String> step : MIGRATIONS.subList(version, SCHEMA_VERSION)) {
                        for (String statement : step) {
                            s.execute(statement);
                        }
                    }
                    s.execute("UPDATE moonlight_schema SET version = " + SCHEMA_VERSION);
                }
                return null;
            });
        });
    }

    @Override
    public void create(Session session, int maxActivePerUser) {
        StoreRules.requireNew(session);
        run("create session " + session.id(), c -> writing(c, () -> {
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT count(*) FROM moonlight_sessions WHERE user_name = ? AND state NOT IN ('ENDED', 'FAILED')")) {
                count.setString(1, session.user());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= maxActivePerUser) {
                        throw new SessionLimitException(session.user(), maxActivePerUser);
                    }
                }
            }
            if (find(c, session.id()).isPresent()) {
                throw StoreRules.alreadyExists(session.id());
            }
            SqliteSessionRow.insert(c, session);
            return null;
        }));
    }

    @Override
    public Optional<Session> get(String id) {
        SessionIds.check(id);
        return run("read session " + id, c -> reading(c, () -> find(c, id)));
    }

    @Override
    public List<Session> list() {
        return run("list sessions", c -> reading(c, () -> select(c, "", "")));
    }

    @Override
    public List<Session> listByUser(String user) {
        Names.user(user);
        return run("list sessions of " + user, c -> reading(c, () -> select(c, "WHERE user_name = ?", "", user)));
    }

    @Override
    public SessionPage page(SessionFilter filter) {
        StringBuilder where = new StringBuilder("WHERE state IN (")
                .append(String.join(", ", Collections.nCopies(filter.states().size(), "?"))).append(')');
        List<Object> arguments = new ArrayList<>();
        filter.states().forEach(state -> arguments.add(state.name()));
        if (filter.states().stream().allMatch(SessionState::isActive)) {
            where.append(" AND ").append(LIVE);
        }
        filter.user().ifPresent(user -> {
            where.append(" AND user_name = ?");
            arguments.add(user);
        });
        filter.after().ifPresent(after -> {
            where.append(" AND (created_at, id) > (?, ?)");
            arguments.add(StoredTimes.format(after.createdAt()));
            arguments.add(after.id());
        });
        arguments.add(filter.limit() + 1);
        return run("list a page of sessions", c -> reading(c, () -> SessionPage.of(
                select(c, where.toString(), "LIMIT ?", arguments.toArray()), filter.limit())));
    }

    @Override
    public Optional<Session> transition(String id, SessionState expected, SessionState next, String reason) {
        SessionIds.check(id);
        IllegalTransitionException.check(id, expected, next, reason);
        return run("change the state of " + id, c -> writing(c, () -> {
            Session current = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            if (current.state() != expected) {
                return Optional.<Session>empty();
            }
            Session moved = current.moveTo(next, clock.instant(), reason);
            SqliteSessionRow.update(c, moved, Column.STATE, Column.UPDATED_AT);
            SqliteSessionRow.insertLastChange(c, moved);
            if (next.isFinal()) {
                update(c, "DELETE FROM moonlight_leases WHERE session_id = ?", id);
            }
            return Optional.of(moved);
        }));
    }

    @Override
    public Session setPlacement(String id, Optional<String> jobId, Optional<String> node) {
        SessionIds.check(id);
        jobId.ifPresent(Names::jobId);
        node.ifPresent(Names::node);
        return run("place session " + id, c -> writing(c, () -> {
            Session current = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            Session placed = current.placed(jobId.or(current::jobId), node.or(current::node), clock.instant());
            SqliteSessionRow.update(c, placed, Column.JOB_ID, Column.NODE, Column.UPDATED_AT);
            return placed;
        }));
    }

    @Override
    public Session heartbeat(String id) {
        SessionIds.check(id);
        return run("record a heartbeat of " + id, c -> writing(c, () -> {
            Session current = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            if (current.state().isFinal()) {
                throw IllegalTransitionException.over(id, current.state());
            }
            Session heard = current.heardFromAt(clock.instant());
            SqliteSessionRow.update(c, heard, Column.HEARTBEAT_AT);
            return heard;
        }));
    }

    @Override
    public Session reportAgent(String id, AgentState state, String reason) {
        SessionIds.check(id);
        return run("record the agent of " + id, c -> writing(c, () -> {
            Session current = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            if (!AgentStatus.REPORTED_IN.contains(current.state())) {
                throw IllegalTransitionException.noAgent(id, current.state());
            }
            Session reported = current.withAgent(new AgentStatus(state, reason, clock.instant()));
            SqliteSessionRow.update(c, reported, Column.AGENT_STATE, Column.AGENT_REASON, Column.AGENT_AT);
            return reported;
        }));
    }

    @Override
    public Session share(String id, Optional<Share> share) {
        SessionIds.check(id);
        return run("share " + id, c -> writing(c, () -> {
            Session current = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            if (current.state().isFinal()) {
                throw IllegalTransitionException.notShared(id, current.state());
            }
            Session shared = current.withShare(share);
            SqliteSessionRow.update(c, shared, Column.SHARE_ID, Column.SHARE_EXPIRES_AT, Column.SHARE_MAX_VIEWERS);
            return shared;
        }));
    }

    @Override
    public boolean delete(String id) {
        SessionIds.check(id);
        return run("delete session " + id,
                c -> writing(c, () -> update(c, "DELETE FROM moonlight_sessions WHERE id = ?", id) > 0));
    }

    @Override
    public List<String> deleteFinishedBefore(Instant before, int max) {
        StoreRules.positiveBatch(max);
        return run("delete the records of sessions over before " + before, c -> writing(c, () -> {
            List<String> over = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM moonlight_sessions WHERE state IN ('ENDED', "
                    + "'FAILED') AND updated_at < ? ORDER BY updated_at, id LIMIT ?")) {
                q.setString(1, StoredTimes.format(before));
                q.setInt(2, max);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        over.add(rs.getString(1));
                    }
                }
            }
            // Every table by name, not through the cascade alone: a row must not outlive its session.
            for (String table : List.of("moonlight_leases", "moonlight_state_changes")) {
                deleteEach(c, "DELETE FROM " + table + " WHERE session_id = ?", over);
            }
            deleteEach(c, "DELETE FROM moonlight_sessions WHERE id = ?", over);
            return over;
        }));
    }

    private static void deleteEach(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (String id : ids) {
                statement.setString(1, id);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    @Override
    public Lease claimLease(String id, String node, List<Integer> freeDisplays) {
        SessionIds.check(id);
        Names.node(node);
        List<Integer> offered = LeasePolicy.offeredDisplays(freeDisplays);
        return run("claim a port block on " + node + " for " + id, c -> writing(c, () -> {
            Session session = find(c, id).orElseThrow(() -> new UnknownSessionException(id));
            Optional<Lease> held = leasesWhere(c, "WHERE session_id = ?", id).stream().findFirst();
            if (held.isPresent()) {
                return StoreRules.sameNode(held.get(), node);
            }
            if (session.state().isFinal()) {
                throw StoreRules.over(id, session.state().name());
            }
            Set<Integer> ports = new HashSet<>();
            Set<Integer> displays = new HashSet<>();
            for (Lease lease : leasesWhere(c, "WHERE node = ?", node)) {
                ports.add(lease.basePort());
                displays.add(lease.display());
            }
            Lease lease = StoreRules.firstFree(leases, node, id, ports, displays, offered);
            update(c, "INSERT INTO moonlight_leases (node, base_port, display, session_id) VALUES (?, ?, ?, ?)",
                    node, lease.basePort(), lease.display(), id);
            SqliteSessionRow.update(c, session.leased(lease, clock.instant()), Column.DISPLAY, Column.SUNSHINE_BASE_PORT,
                    Column.UPDATED_AT);
            return lease;
        }));
    }

    @Override
    public boolean releaseLease(String id) {
        SessionIds.check(id);
        return run("release the port block of " + id,
                c -> writing(c, () -> update(c, "DELETE FROM moonlight_leases WHERE session_id = ?", id) > 0));
    }

    @Override
    public List<Lease> leases() {
        return run("list port leases", c -> reading(c, () -> leasesWhere(c, "")));
    }

    @Override
    public void close() {
        List<Connection> open = new ArrayList<>();
        connections.drainTo(open);
        for (Connection c : open) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing is best effort: SQLite has committed everything that was committed.
            }
        }
    }

    private Optional<Session> find(Connection c, String id) throws SQLException {
        return select(c, "WHERE id = ?", "", id).stream().findFirst();
    }

    /** The sessions {@code where} selects in listing order, up to {@code limit} (SQL, or empty). */
    private List<Session> select(Connection c, String where, String limit, Object... arguments) throws SQLException {
        Map<String, List<StateChange>> histories = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT " + SqliteSessionRow.CHANGE_COLUMNS + " FROM moonlight_state_changes"
                + " WHERE session_id IN (SELECT id FROM moonlight_sessions " + where + " ORDER BY created_at, id " + limit
                + ") ORDER BY session_id, seq")) {
            bind(q, arguments);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    histories.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(SqliteSessionRow.change(rs));
                }
            }
        }
        List<Session> sessions = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT " + SqliteSessionRow.COLUMNS + " FROM moonlight_sessions " + where
                + " ORDER BY created_at, id " + limit)) {
            bind(q, arguments);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sessions.add(SqliteSessionRow.read(rs, histories.getOrDefault(rs.getString("id"), List.of())));
                }
            }
        }
        return sessions;
    }

    private static List<Lease> leasesWhere(Connection c, String where, Object... arguments) throws SQLException {
        List<Lease> found = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT node, session_id, base_port, display FROM moonlight_leases "
                + where + " ORDER BY node, base_port")) {
            bind(q, arguments);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(new Lease(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return found;
    }

    private static int update(Connection c, String sql, Object... arguments) throws SQLException {
        return SqliteSessionRow.execute(c, sql, arguments);
    }

    private static void bind(PreparedStatement statement, Object... arguments) throws SQLException {
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
    }

    /** Runs the work holding the write lock from the start, committing only when it returns. */
    private static <T> T writing(Connection c, SqlWork<T> work) throws SQLException {
        return inTransaction(c, "BEGIN IMMEDIATE", work);
    }

    /** A consistent snapshot across the several SELECTs one session needs. */
    private static <T> T reading(Connection c, SqlWork<T> work) throws SQLException {
        return inTransaction(c, "BEGIN", work);
    }

    private static <T> T inTransaction(Connection c, String begin, SqlWork<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(begin);
            boolean done = false;
            try {
                T result = work.run();
                s.execute("COMMIT");
                done = true;
                return result;
            } finally {
                if (!done) {
                    rollback(s);
                }
            }
        }
    }

    /** Rolls back after a failure without hiding it: SQLite may have rolled back already. */
    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            // The original failure is what the caller needs to see.
        }
    }

    private <T> T run(String what, SqlFunction<T> function) {
        Connection c;
        try {
            c = connections.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while waiting to " + what, null);
        }
        try {
            return function.apply(c);
        } catch (SQLException e) {
            throw MoonlightException.failed("SQLite " + file + ": could not " + what + ": " + e.getMessage(),
                    "check that the file is writable by this user and the disk is not full");
        } finally {
            connections.add(c);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }
}
