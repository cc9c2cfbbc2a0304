package io.moonlight.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.StateChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A session as Redis holds it: the {@code moonlight:session:<id>} hash (text fields; an absent value
 * is an absent field; times are {@link StoredTimes} text) and one JSON entry per change in its
 * history list. The Lua scripts in {@code redis/} write some of these fields by the same names
 * ({@code state}, {@code updated_at}, {@code display}, {@code sunshine_base_port}, {@code heartbeat_at},
 * {@code agent_state}, {@code agent_reason}, {@code agent_at}, {@code share_id}, {@code share_expires_at},
 * {@code share_max_viewers})
 * and keep the lease's node in {@code lease_node}, which is not part of the session.
 */
final class RedisSessionHash {
    static final String USER = "user";
    static final String STATE = "state";
    static final String CREATED_AT = "created_at";
    static final String JOB_ID = "job_id";
    static final String NODE = "node";
    static final String UPDATED_AT = "updated_at";
    static final String LEASE_NODE = "lease_node";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisSessionHash() {
    }

    static Map<String, String> fields(Session session) {
        Map<String, String> fields = new LinkedHashMap<>();
        SessionSpec spec = session.spec();
        fields.put("id", session.id());
        fields.put(USER, session.user());
        fields.put("image", spec.image());
        fields.put("geometry", spec.geometry().toString());
        fields.put("fps", String.valueOf(spec.fps()));
        fields.put("bitrate_kbps", String.valueOf(spec.bitrateKbps()));
        fields.put("codec", spec.codec().id());
        fields.put("hours", String.valueOf(spec.hours()));
        fields.put(STATE, session.state().name());
        session.jobId().ifPresent(j -> fields.put(JOB_ID, j));
        session.node().ifPresent(n -> fields.put(NODE, n));
        session.display().ifPresent(d -> fields.put("display", String.valueOf(d)));
        session.sunshineBasePort().ifPresent(p -> fields.put("sunshine_base_port", String.valueOf(p)));
        fields.put("token_hash", session.tokenHash());
        fields.put(CREATED_AT, StoredTimes.format(session.createdAt()));
        fields.put(UPDATED_AT, StoredTimes.format(session.updatedAt()));
        session.heartbeatAt().ifPresent(h -> fields.put("heartbeat_at", StoredTimes.format(h)));
        session.share().ifPresent(share -> {
            fields.put("share_id", share.id());
            fields.put("share_expires_at", StoredTimes.format(share.expiresAt()));
            fields.put("share_max_viewers", String.valueOf(share.maxViewers()));
        });
        session.agent().ifPresent(agent -> {
            fields.put("agent_state", agent.state().id());
            fields.put("agent_reason", agent.reason());
            fields.put("agent_at", StoredTimes.format(agent.at()));
        });
        return fields;
    }

    static Session session(Map<String, String> h, List<String> history) {
        SessionSpec spec = new SessionSpec(h.get("image"), Geometry.parse(h.get("geometry")),
                Integer.parseInt(h.get("fps")), Integer.parseInt(h.get("bitrate_kbps")), Codec.parse(h.get("codec")),
                Integer.parseInt(h.get("hours")));
        return new Session(h.get("id"), h.get(USER), spec, SessionState.valueOf(h.get(STATE)),
                history.stream().map(RedisSessionHash::change).toList(), Optional.ofNullable(h.get(JOB_ID)),
                Optional.ofNullable(h.get(NODE)), optionalInt(h.get("display")), optionalInt(h.get("sunshine_base_port")),
                h.get("token_hash"), StoredTimes.parse(h.get(CREATED_AT)), StoredTimes.parse(h.get(UPDATED_AT)),
                Optional.ofNullable(h.get("heartbeat_at")).map(StoredTimes::parse),
                Optional.ofNullable(h.get("agent_state")).map(state -> new AgentStatus(AgentState.parse(state),
                        h.get("agent_reason"), StoredTimes.parse(h.get("agent_at")))),
                Optional.ofNullable(h.get("share_id")).map(id -> new Share(id,
                        StoredTimes.parse(h.get("share_expires_at")), Integer.parseInt(h.get("share_max_viewers")))));
    }

    /** One entry of the history list. */
    static String entry(StateChange change) {
        try {
            return JSON.writeValueAsString(Map.of("state", change.state().name(), "at", StoredTimes.format(change.at()),
                    "reason", change.reason()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StateChange change(String entry) {
        try {
            Map<?, ?> fields = JSON.readValue(entry, Map.class);
            return new StateChange(SessionState.valueOf((String) fields.get("state")),
                    StoredTimes.parse((String) fields.get("at")), (String) fields.get("reason"));
        } catch (JsonProcessingException e) {
            throw MoonlightException.failed("a stored state change is not readable: " + e.getOriginalMessage(),
                    "the moonlight:session:*:history lists were written by something else");
        }
    }

    private static OptionalInt optionalInt(String text) {
        return text == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
    }
}
