package io.moonlight.core.store;

import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions and their port leases live: SQLite on a single host, Redis for a cluster. Every
 * method that decides on shared state (the per-user limit, a state change, a lease) does so
 * atomically, so several gateways and CLI runs may use one store at once. Ids, users and nodes are
 * checked first: a bad one is a bad-input error and nothing is read or written. Times come from the
 * store's clock.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Stores a new PENDING session unless its user already has {@code maxActivePerUser} active
     * sessions ({@link io.moonlight.core.session.SessionLimitException}).
     */
    void create(Session session, int maxActivePerUser);

    Optional<Session> get(String id);

    /** Every session, oldest first. */
    List<Session> list();

    /** The user's sessions, oldest first. */
    List<Session> listByUser(String user);

    /**
     * One page of the sessions the filter asks for, oldest first (creation time, then id). Reads that
     * page only, not the whole store: its cost grows with the limit, not with the sessions stored.
     */
    SessionPage page(SessionFilter filter);

    /**
     * Moves the session from {@code expected} to {@code next}, timestamped, with the reason (required
     * for FAILED). Empty when the session was no longer in {@code expected}: someone else moved it
     * first. Reaching ENDED or FAILED also releases its lease.
     */
    Optional<Session> transition(String id, SessionState expected, SessionState next, String reason);

    /** Records the job id and/or the node the job runs on; an empty value leaves that field as it is. */
    Session setPlacement(String id, Optional<String> jobId, Optional<String> node);

    /**
     * Records that the session's supervisor is alive; refused for a session that ended or failed
     * ({@link io.moonlight.core.session.IllegalTransitionException}): its supervisor should stop.
     */
    Session heartbeat(String id);

    /**
     * Records its supervisor's report about the session's agent, at the store's time: not a state
     * change (no history entry; {@code updatedAt} stays). Refused for a session that is not STARTING or
     * READY ({@link io.moonlight.core.session.AgentStatus#REPORTED_IN},
     * {@link io.moonlight.core.session.IllegalTransitionException}).
     */
    Session reportAgent(String id, AgentState state, String reason);

    /**
     * Gives the session {@code share} as its view-only share, replacing any, or removes it (empty): not a
     * state change (no history entry; {@code updatedAt} stays). Refused for a session that ended or
     * failed ({@link io.moonlight.core.session.IllegalTransitionException}).
     */
    Session share(String id, Optional<Share> share);

    /** Removes the session, its history and its lease; false when there was none. */
    boolean delete(String id);

    /**
     * Removes, in one atomic step, at most {@code max} sessions that are ENDED or FAILED and last
     * changed before {@code before}, each with its history and any lease it still holds, and returns
     * their ids. Active sessions stay, however old. The batch is bounded so that a long backlog never
     * holds the store for long: call again while it returns {@code max} ids.
     */
    List<String> deleteFinishedBefore(Instant before, int max);

    /**
     * A free Sunshine port block and display on the node for an active session, recorded in the
     * session too: the lowest of {@code freeDisplays} (what the node found without an X server, each
     * from :10) that no other lease on the node holds. A session holds at most one lease: asking again
     * returns the one it has.
     */
    Lease claimLease(String id, String node, List<Integer> freeDisplays);

    /** Frees the session's lease; false when it held none. */
    boolean releaseLease(String id);

    /** Every lease held, by node and base port. */
    List<Lease> leases();

    @Override
    void close();
}
