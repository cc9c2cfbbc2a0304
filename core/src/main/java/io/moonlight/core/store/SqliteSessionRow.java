package io.moonlight.core.store;

import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.StateChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A session as rows of SQLite: one of {@code moonlight_sessions} (its columns are declared once, here,
 * and the table, the inserts, the updates and the reads follow from them) and one of
 * {@code moonlight_state_changes} per change. Times are {@link StoredTimes} text, absent values NULL.
 */
final class SqliteSessionRow {
    enum Column {
        ID("id", "TEXT PRIMARY KEY"),
        USER("user_name", "TEXT NOT NULL"),
        IMAGE("image", "TEXT NOT NULL"),
        WIDTH("width", "INTEGER NOT NULL"),
        HEIGHT("height", "INTEGER NOT NULL"),
        FPS("fps", "INTEGER NOT NULL"),
        BITRATE_KBPS("bitrate_kbps", "INTEGER NOT NULL"),
        CODEC("codec", "TEXT NOT NULL"),
        HOURS("hours", "INTEGER NOT NULL"),
        STATE("state", "TEXT NOT NULL"),
        JOB_ID("job_id", "TEXT"),
        NODE("node", "TEXT"),
        DISPLAY("display", "INTEGER"),
        SUNSHINE_BASE_PORT("sunshine_base_port", "INTEGER"),
        TOKEN_HASH("token_hash", "TEXT NOT NULL"),
        CREATED_AT("created_at", "TEXT NOT NULL"),
        UPDATED_AT("updated_at", "TEXT NOT NULL"),
        HEARTBEAT_AT("heartbeat_at", "TEXT"),
        AGENT_STATE("agent_state", "TEXT", 3),
        AGENT_REASON("agent_reason", "TEXT", 3),
        AGENT_AT("agent_at", "TEXT", 3),
        SHARE_ID("share_id", "TEXT", 4),
        SHARE_EXPIRES_AT("share_expires_at", "TEXT", 4),
        SHARE_MAX_VIEWERS("share_max_viewers", "INTEGER", 4);

        final String name;
        private final String type;
        /** The schema version that brought the column: a database from before gets it added. */
        private final int since;

        Column(String name, String type) {
            this(name, type, 1);
        }

        Column(String name, String type, int since) {
            this.name = name;
            this.type = type;
            this.since = since;
        }

        /** This column's value for the session. */
        private Object of(Session s) {
            SessionSpec spec = s.spec();
            return switch (this) {
                case ID -> s.id();
                case USER -> s.user();
                case IMAGE -> spec.image();
                case WIDTH -> spec.geometry().width();
                case HEIGHT -> spec.geometry().height();
                case FPS -> spec.fps();
                case BITRATE_KBPS -> spec.bitrateKbps();
                case CODEC -> spec.codec().id();
                case HOURS -> spec.hours();
                case STATE -> s.state().name();
                case JOB_ID -> s.jobId().orElse(null);
                case NODE -> s.node().orElse(null);
                case DISPLAY -> nullable(s.display());
                case SUNSHINE_BASE_PORT -> nullable(s.sunshineBasePort());
                case TOKEN_HASH -> s.tokenHash();
                case CREATED_AT -> StoredTimes.format(s.createdAt());
                case UPDATED_AT -> StoredTimes.format(s.updatedAt());
                case HEARTBEAT_AT -> s.heartbeatAt().map(StoredTimes::format).orElse(null);
                case AGENT_STATE -> s.agent().map(a -> a.state().id()).orElse(null);
                case AGENT_REASON -> s.agent().map(AgentStatus::reason).orElse(null);
                case AGENT_AT -> s.agent().map(a -> StoredTimes.format(a.at())).orElse(null);
                case SHARE_ID -> s.share().map(Share::id).orElse(null);
                case SHARE_EXPIRES_AT -> s.share().map(share -> StoredTimes.format(share.expiresAt())).orElse(null);
                case SHARE_MAX_VIEWERS -> s.share().map(Share::maxViewers).orElse(null);
            };
        }
    }

    static final String TABLE = "moonlight_sessions";
    /** The table as schema version 1 made it; later columns are added by {@link #addColumns}. */
    static final String CREATE_TABLE = "CREATE TABLE " + TABLE + " (\n  " + Arrays.stream(Column.values())
            .filter(c -> c.since == 1).map(c -> c.name + " " + c.type).collect(Collectors.joining(",\n  ")) + ")";
    static final String COLUMNS = Arrays.stream(Column.values()).map(c -> c.name).collect(Collectors.joining(", "));
    private static final String INSERT = "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES ("
            + String.join(", ", Collections.nCopies(Column.values().length, "?")) + ")";
    static final String CREATE_CHANGES_TABLE = """
            CREATE TABLE moonlight_state_changes (
              session_id TEXT NOT NULL REFERENCES moonlight_sessions (id) ON DELETE CASCADE,
              seq INTEGER NOT NULL,
              state TEXT NOT NULL,
              at TEXT NOT NULL,
              reason TEXT NOT NULL,
              PRIMARY KEY (session_id, seq))""";
    /** The columns {@link #change(ResultSet)} reads, after the session's id. */
    static final String CHANGE_COLUMNS = "session_id, state, at, reason";

    private SqliteSessionRow() {
    }

    /** The statements that add the columns schema version {@code version} brought. */
    static List<String> addColumns(int version) {
        return Arrays.stream(Column.values()).filter(c -> c.since == version)
                .map(c -> "ALTER TABLE " + TABLE + " ADD COLUMN " + c.name + " " + c.type).toList();
    }

    /** Inserts the session's row and one row per change of its history. */
    static void insert(Connection c, Session session) throws SQLException {
        execute(c, INSERT, Stream.of(Column.values()).map(column -> column.of(session)).toArray());
        for (int seq = 0; seq < session.history().size(); seq++) {
            insertChange(c, session.id(), seq, session.history().get(seq));
        }
    }

    /** Writes the given columns of the (changed) session to its row. */
    static void update(Connection c, Session session, Column... columns) throws SQLException {
        Object[] values = Stream.concat(Stream.of(columns).map(column -> column.of(session)), Stream.of(session.id()))
                .toArray();
        execute(c, "UPDATE " + TABLE + " SET " + Stream.of(columns).map(column -> column.name + " = ?")
                .collect(Collectors.joining(", ")) + " WHERE id = ?", values);
    }

    /** Appends the session's last change to its stored history. */
    static void insertLastChange(Connection c, Session session) throws SQLException {
        int last = session.history().size() - 1;
        insertChange(c, session.id(), last, session.history().get(last));
    }

    /** The session in the current row of a query of {@link #COLUMNS}. */
    static Session read(ResultSet rs, List<StateChange> history) throws SQLException {
        SessionSpec spec = new SessionSpec(rs.getString(Column.IMAGE.name),
                new Geometry(rs.getInt(Column.WIDTH.name), rs.getInt(Column.HEIGHT.name)), rs.getInt(Column.FPS.name),
                rs.getInt(Column.BITRATE_KBPS.name), Codec.parse(rs.getString(Column.CODEC.name)),
                rs.getInt(Column.HOURS.name));
        return new Session(rs.getString(Column.ID.name), rs.getString(Column.USER.name), spec,
                SessionState.valueOf(rs.getString(Column.STATE.name)), history,
                Optional.ofNullable(rs.getString(Column.JOB_ID.name)), Optional.ofNullable(rs.getString(Column.NODE.name)),
                optionalInt(rs, Column.DISPLAY), optionalInt(rs, Column.SUNSHINE_BASE_PORT),
                rs.getString(Column.TOKEN_HASH.name), StoredTimes.parse(rs.getString(Column.CREATED_AT.name)),
                StoredTimes.parse(rs.getString(Column.UPDATED_AT.name)),
                Optional.ofNullable(rs.getString(Column.HEARTBEAT_AT.name)).map(StoredTimes::parse), agent(rs), share(rs));
    }

    private static Optional<Share> share(ResultSet rs) throws SQLException {
        String id = rs.getString(Column.SHARE_ID.name);
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(new Share(id, StoredTimes.parse(rs.getString(Column.SHARE_EXPIRES_AT.name)),
                rs.getInt(Column.SHARE_MAX_VIEWERS.name)));
    }

    private static Optional<AgentStatus> agent(ResultSet rs) throws SQLException {
        String state = rs.getString(Column.AGENT_STATE.name);
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(new AgentStatus(AgentState.parse(state), rs.getString(Column.AGENT_REASON.name),
                StoredTimes.parse(rs.getString(Column.AGENT_AT.name))));
    }

    /** The change in the current row of a query of {@link #CHANGE_COLUMNS}. */
    static StateChange change(ResultSet rs) throws SQLException {
        return new StateChange(SessionState.valueOf(rs.getString("state")), StoredTimes.parse(rs.getString("at")),
                rs.getString("reason"));
    }

    private static void insertChange(Connection c, String id, int seq, StateChange change) throws SQLException {
        execute(c, "INSERT INTO moonlight_state_changes (session_id, seq, state, at, reason) VALUES (?, ?, ?, ?, ?)",
                id, seq, change.state().name(), StoredTimes.format(change.at()), change.reason());
    }

    static int execute(Connection c, String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static Integer nullable(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static OptionalInt optionalInt(ResultSet rs, Column column) throws SQLException {
        int value = rs.getInt(column.name);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
