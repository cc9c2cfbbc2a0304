package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.SunshineConfig;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Sessions in Redis, for a cluster: several gateways share one Redis (or a Sentinel-managed master).
 * Every key starts with {@code moonlight:} (the VNC service's {@code vnc:*} keys are never read or
 * written):
 * <ul>
 * <li>{@code moonlight:session:<id>} hash, {@code moonlight:session:<id>:history} list of state changes</li>
 * <li>{@code moonlight:sessions} set of all ids; {@code moonlight:user:<u>:sessions} and
 * {@code moonlight:user:<u>:active} sets (the latter is what the per-user limit counts)</li>
 * <li>{@code moonlight:node:<n>:ports} (base port -> id) and {@code moonlight:node:<n>:displays}
 * (display -> id) hashes, {@code moonlight:nodes} set of nodes holding leases</li>
 * </ul>
 * Every decision is one Lua script, so it is atomic across gateways. The client is pooled and checks
 * a connection before use, so after a Redis restart the next call reconnects. Redis must persist
 * ({@code appendonly yes}): a restart of a Redis without persistence forgets every session.
 */
public final class RedisSessionStore implements SessionStore {
    private static final String PREFIX = "moonlight:";
    private static final String ALL = PREFIX + "sessions";
    private static final String NODES = PREFIX + "nodes";
    /** Every session's listing position ({@link SessionCursor#key}), so that a page reads only its part. */
    private static final String ORDER = PREFIX + "sessions:order";
    /** The live sessions' positions: the admin's usual listing reads them without the ended ones. */
    private static final String LIVE = PREFIX + "sessions:live";
    private static final int LEASE_RACE_ATTEMPTS = 10;
    private static final int SCAN_STEP = 500;
    /** How many positions a filtered page reads at a time while it looks for sessions in its states. */
    private static final int PAGE_STEP = 200;

    private final RedisAccess client;
    private final UnifiedJedis redis;
    private final LeasePolicy leases;
    private final Clock clock;
    private final Map<String, String> scripts = new LinkedHashMap<>();

    RedisSessionStore(RedisAccess client, LeasePolicy leases, Clock clock) {
        this.client = client;
        this.redis = client.redis();
        this.leases = leases;
        this.clock = clock;
        String prelude = resource("lease.lua");
        for (String name : List.of("create", "transition", "update", "claim", "release", "delete", "heartbeat",
                "agent", "share", "purge")) {
            scripts.put(name, prelude + resource(name + ".lua"));
        }
    }

    /** A pooled client for the configured server, or for the master the sentinels name. */
    public static RedisSessionStore open(RedisConfig config, SunshineConfig sunshine, Clock clock) {
        RedisAccess client = RedisAccess.open(config, "moonlight", true);
        RedisSessionStore store = new RedisSessionStore(client, LeasePolicy.of(sunshine), clock);
        store.call(store::indexListingOrder);
        return store;
    }

    /**
     * Gives the sessions stored before listings were paged their listing position (adding one that
     * is there changes nothing); a store whose order holds every session is left alone.
     */
    private Void indexListingOrder() {
        if (redis.zcard(ORDER) == redis.scard(ALL)) {
            return null;
        }
        for (String id : redis.smembers(ALL)) {
            List<String> f = redis.hmget(sessionKey(id), RedisSessionHash.CREATED_AT, RedisSessionHash.USER,
                    RedisSessionHash.STATE);
            if (f.stream().allMatch(Objects::nonNull)) {
                String position = f.get(0) + " " + id;
                redis.zadd(ORDER, 0, position);
                redis.zadd(userOrderKey(f.get(1)), 0, position);
                if (SessionState.valueOf(f.get(2)).isActive()) {
                    redis.zadd(LIVE, 0, position);
                }
            }
        }
        return null;
    }

    @Override
    public void create(Session session, int maxActivePerUser) {
        StoreRules.requireNew(session);
        List<String> args = new ArrayList<>(List.of(String.valueOf(maxActivePerUser), session.id(),
                RedisSessionHash.entry(session.history().get(0)), SessionCursor.after(session).key()));
        RedisSessionHash.fields(session).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        String id = session.id();
        Object answer = call(() -> redis.eval(scripts.get("create"), List.of(sessionKey(id), historyKey(id), ALL,
                userKey(session.user()), activeKey(session.user()), ORDER, userOrderKey(session.user()), LIVE), args));
        if ("LIMIT".equals(answer)) {
            throw new SessionLimitException(session.user(), maxActivePerUser);
        }
        if ("EXISTS".equals(answer)) {
            throw StoreRules.alreadyExists(id);
        }
    }

    @Override
    public Optional<Session> get(String id) {
        SessionIds.check(id);
        return call(() -> read(id));
    }

    @Override
    public List<Session> list() {
        return call(() -> readAll(redis.smembers(ALL)));
    }

    @Override
    public List<Session> listByUser(String user) {
        Names.user(user);
        return call(() -> readAll(redis.smembers(userKey(user))));
    }

    /**
     * Walks a listing order (the user's, the live sessions' when only live states are asked for, or
     * everyone's) from the cursor in steps, reading only the states until the page is full, then the
     * page's sessions; with every state asked for, the page's ids directly.
     */
    @Override
    public SessionPage page(SessionFilter filter) {
        boolean liveOnly = filter.states().stream().allMatch(SessionState::isActive);
        String key = filter.user().map(RedisSessionStore::userOrderKey).orElse(liveOnly ? LIVE : ORDER);
        Set<String> wanted = filter.states().stream().map(Enum::name).collect(Collectors.toSet());
        int want = filter.limit() + 1;
        boolean everyState = filter.allStates();
        return call(() -> {
            List<String> ids = new ArrayList<>();
            String from = filter.after().map(after -> "(" + after.key()).orElse("-");
            while (ids.size() < want) {
                List<String> positions = redis.zrangeByLex(key, from, "+", 0, everyState ? want : Math.max(want, PAGE_STEP));
                List<String> step = positions.stream().map(p -> p.substring(p.indexOf(' ') + 1)).toList();
                List<Response<String>> states = new ArrayList<>();
                if (!everyState) {
                    try (AbstractPipeline pipeline = redis.pipelined()) {
                        step.forEach(id -> states.add(pipeline.hget(sessionKey(id), RedisSessionHash.STATE)));
                        pipeline.sync();
                    }
                }
                for (int i = 0; i < step.size() && ids.size() < want; i++) {
                    if (everyState || wanted.contains(states.get(i).get())) {
                        ids.add(step.get(i));
                    }
                }
                if (positions.isEmpty()) {
                    break;
                }
                from = "(" + positions.get(positions.size() - 1);
            }
            // A session that changed state since its state was read no longer belongs.
            return SessionPage.of(readAll(ids).stream().filter(s -> filter.states().contains(s.state())).toList(),
                    filter.limit());
        });
    }

    @Override
    public Optional<Session> transition(String id, SessionState expected, SessionState next, String reason) {
        SessionIds.check(id);
        IllegalTransitionException.check(id, expected, next, reason);
        String at = StoredTimes.format(clock.instant());
        String entry = RedisSessionHash.entry(new StateChange(next, StoredTimes.parse(at), reason));
        String answer = withLeaseNode(id, node -> redis.eval(scripts.get("transition"),
                List.of(sessionKey(id), historyKey(id), activeKey(SessionIds.user(id)), portsKey(node), displaysKey(node), NODES,
                        LIVE),
                List.of(expected.name(), next.name(), at, entry, next.isFinal() ? "1" : "0", id, node)));
        if ("MISSING".equals(answer)) {
            throw new UnknownSessionException(id);
        }
        return "CONFLICT".equals(answer) ? Optional.empty() : Optional.of(call(() -> read(id)).orElseThrow());
    }

    @Override
    public Session setPlacement(String id, Optional<String> jobId, Optional<String> node) {
        SessionIds.check(id);
        jobId.ifPresent(Names::jobId);
        node.ifPresent(Names::node);
        List<String> args = new ArrayList<>(List.of(RedisSessionHash.UPDATED_AT, StoredTimes.format(clock.instant())));
        jobId.ifPresent(j -> args.addAll(List.of(RedisSessionHash.JOB_ID, j)));
        node.ifPresent(n -> args.addAll(List.of(RedisSessionHash.NODE, n)));
        return update(id, args);
    }

    @Override
    public Session heartbeat(String id) {
        SessionIds.check(id);
        return writeIfInState(id, "heartbeat", List.of(StoredTimes.format(clock.instant())),
                found -> IllegalTransitionException.over(id, found));
    }

    @Override
    public Session reportAgent(String id, AgentState state, String reason) {
        SessionIds.check(id);
        List<String> args = new ArrayList<>(List.of(state.id(), reason, StoredTimes.format(clock.instant())));
        AgentStatus.REPORTED_IN.forEach(reportedIn -> args.add(reportedIn.name()));
        return writeIfInState(id, "agent", args, found -> IllegalTransitionException.noAgent(id, found));
    }

    @Override
    public Session share(String id, Optional<Share> share) {
        SessionIds.check(id);
        List<String> args = new ArrayList<>(share.map(s -> List.of(s.id(), StoredTimes.format(s.expiresAt()),
                String.valueOf(s.maxViewers()))).orElse(List.of("", "", "")));
        Arrays.stream(SessionState.values()).filter(state -> !state.isFinal()).forEach(live -> args.add(live.name()));
        return writeIfInState(id, "share", args, found -> IllegalTransitionException.notShared(id, found));
    }

    /**
     * Runs a script that writes to the session only in the states it allows, answering OK, MISSING or
     * the state it found instead; {@code refused} is the error for that state.
     */
    private Session writeIfInState(String id, String script, List<String> args,
            Function<SessionState, RuntimeException> refused) {
        String answer = (String) call(() -> redis.eval(scripts.get(script), List.of(sessionKey(id)), args));
        if ("MISSING".equals(answer)) {
            throw new UnknownSessionException(id);
        }
        if (!"OK".equals(answer)) {
            throw refused.apply(SessionState.valueOf(answer));
        }
        return call(() -> read(id)).orElseThrow(() -> new UnknownSessionException(id));
    }

    @Override
    public boolean delete(String id) {
        SessionIds.check(id);
        String user = SessionIds.user(id);
        return "DELETED".equals(withLeaseNode(id, node -> redis.eval(scripts.get("delete"), List.of(sessionKey(id),
                historyKey(id), ALL, userKey(user), activeKey(user), portsKey(node), displaysKey(node), NODES, ORDER,
                userOrderKey(user), LIVE),
                List.of(id, node))));
    }

    /**
     * Candidates are found by scanning the set of all sessions in steps (no single long command), until
     * {@code max} are found; the script then checks each again and deletes those still over, atomically.
     */
    @Override
    public List<String> deleteFinishedBefore(Instant before, int max) {
        StoreRules.positiveBatch(max);
        String cutOff = StoredTimes.format(before);
        List<Candidate> candidates = call(() -> finishedBefore(cutOff, max));
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(List.of(ALL, NODES, ORDER));
        List<String> args = new ArrayList<>(List.of(cutOff));
        for (Candidate c : candidates) {
            keys.addAll(List.of(sessionKey(c.id()), historyKey(c.id()), userKey(c.user()), activeKey(c.user()),
                    portsKey(c.leaseNode()), displaysKey(c.leaseNode()), userOrderKey(c.user())));
            args.addAll(List.of(c.id(), c.leaseNode()));
        }
        List<?> deleted = (List<?>) call(() -> redis.eval(scripts.get("purge"), keys, args));
        return deleted.stream().map(String.class::cast).toList();
    }

    /** A session over before the cut-off as the scan saw it; its lease node is "" when it holds none. */
    private record Candidate(String id, String user, String leaseNode) {
    }

    /** Up to {@code max} sessions that were over before the cut-off. */
    private List<Candidate> finishedBefore(String cutOff, int max) {
        List<Candidate> found = new ArrayList<>();
        ScanParams step = new ScanParams().count(SCAN_STEP);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.sscan(ALL, cursor, step);
            List<String> ids = page.getResult();
            List<Response<List<String>>> fields = new ArrayList<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String id : ids) {
                    fields.add(pipeline.hmget(sessionKey(id), RedisSessionHash.STATE, RedisSessionHash.UPDATED_AT,
                            RedisSessionHash.USER, RedisSessionHash.LEASE_NODE));
                }
                pipeline.sync();
            }
            for (int i = 0; i < ids.size() && found.size() < max; i++) {
                List<String> f = fields.get(i).get();
                boolean over = "ENDED".equals(f.get(0)) || "FAILED".equals(f.get(0));
                if (over && f.get(1) != null && f.get(1).compareTo(cutOff) < 0 && f.get(2) != null) {
                    found.add(new Candidate(ids.get(i), f.get(2), Optional.ofNullable(f.get(3)).orElse("")));
                }
            }
            cursor = page.getCursor();
        } while (found.size() < max && !ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }

    @Override
    public Lease claimLease(String id, String node, List<Integer> freeDisplays) {
        SessionIds.check(id);
        Names.node(node);
        List<Integer> offered = LeasePolicy.offeredDisplays(freeDisplays);
        List<String> args = new ArrayList<>(List.of(id, node, String.valueOf(leases.firstBasePort()),
                String.valueOf(leases.stride()), String.valueOf(leases.maxPerNode()),
                String.valueOf(SunshineConfig.PORT_SPAN), StoredTimes.format(clock.instant())));
        offered.forEach(display -> args.add(String.valueOf(display)));
        List<?> answer = (List<?>) call(() -> redis.eval(scripts.get("claim"),
                List.of(sessionKey(id), portsKey(node), displaysKey(node), NODES), args));
        switch ((String) answer.get(0)) {
            case "OK":
                return lease(id, answer);
            case "HELD":
                return StoreRules.sameNode(lease(id, answer), node);
            case "MISSING":
                throw new UnknownSessionException(id);
            case "FINAL":
                throw StoreRules.over(id, (String) answer.get(1));
            case "NODISPLAY":
                throw StoreRules.noDisplay(node, offered);
            default:
                throw StoreRules.full(leases, node);
        }
    }

    @Override
    public boolean releaseLease(String id) {
        SessionIds.check(id);
        return "RELEASED".equals(withLeaseNode(id, node -> redis.eval(scripts.get("release"),
                List.of(sessionKey(id), portsKey(node), displaysKey(node), NODES), List.of(id, node))));
    }

    @Override
    public List<Lease> leases() {
        return call(() -> {
            List<Lease> found = new ArrayList<>();
            for (String node : redis.smembers(NODES)) {
                Map<String, String> ports = redis.hgetAll(portsKey(node));
                Map<String, String> displayOf = new LinkedHashMap<>();
                redis.hgetAll(displaysKey(node)).forEach((display, id) -> displayOf.put(id, display));
                ports.forEach((port, id) -> {
                    if (displayOf.containsKey(id)) {
                        found.add(new Lease(node, id, Integer.parseInt(port), Integer.parseInt(displayOf.get(id))));
                    }
                });
            }
            found.sort(Comparator.comparing(Lease::node).thenComparingInt(Lease::basePort));
            return found;
        });
    }

    @Override
    public void close() {
        redis.close();
    }

    private Session update(String id, List<String> fieldValues) {
        Object answer = call(() -> redis.eval(scripts.get("update"), List.of(sessionKey(id)), fieldValues));
        if ("MISSING".equals(answer)) {
            throw new UnknownSessionException(id);
        }
        return call(() -> read(id)).orElseThrow(() -> new UnknownSessionException(id));
    }

    /**
     * Runs a script that may free the session's lease: its keys depend on the lease's node, read
     * first; the script answers RETRY when the lease moved in between, and it is run again.
     */
    private String withLeaseNode(String id, Function<String, Object> script) {
        for (int attempt = 0; attempt < LEASE_RACE_ATTEMPTS; attempt++) {
            Object answer = call(() -> {
                String node = Optional.ofNullable(redis.hget(sessionKey(id), RedisSessionHash.LEASE_NODE)).orElse("");
                return script.apply(node);
            });
            if (!"RETRY".equals(answer)) {
                return (String) answer;
            }
        }
        throw MoonlightException.failed("session " + id + "'s port lease kept changing while it was being freed",
                "try again");
    }

    private Optional<Session> read(String id) {
        return readAll(List.of(id)).stream().findFirst();
    }

    /**
     * Hashes and histories in one MULTI/EXEC, one round trip for all of them (a listing of a thousand
     * sessions stays fast): read apart, a state change between the two would pair a session's new
     * state with its old history.
     */
    private List<Session> readAll(Collection<String> ids) {
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        List<Response<List<String>>> histories = new ArrayList<>();
        try (AbstractTransaction transaction = redis.multi()) {
            for (String id : ids) {
                hashes.add(transaction.hgetAll(sessionKey(id)));
                histories.add(transaction.lrange(historyKey(id), 0, -1));
            }
            transaction.exec();
        }
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            Map<String, String> hash = hashes.get(i).get();
            // A session deleted between reading the set and the hash is simply gone.
            if (!hash.isEmpty()) {
                sessions.add(RedisSessionHash.session(hash, histories.get(i).get()));
            }
        }
        sessions.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));
        return sessions;
    }

    private static Lease lease(String id, List<?> answer) {
        return new Lease((String) answer.get(1), id, Integer.parseInt((String) answer.get(2)),
                Integer.parseInt((String) answer.get(3)));
    }

    private <T> T call(Supplier<T> work) {
        return client.call(work);
    }

    private static String sessionKey(String id) {
        return PREFIX + "session:" + id;
    }

    private static String historyKey(String id) {
        return PREFIX + "session:" + id + ":history";
    }

    private static String userKey(String user) {
        return PREFIX + "user:" + user + ":sessions";
    }

    private static String userOrderKey(String user) {
        return PREFIX + "user:" + user + ":order";
    }

    private static String activeKey(String user) {
        return PREFIX + "user:" + user + ":active";
    }

    private static String portsKey(String node) {
        return PREFIX + "node:" + node + ":ports";
    }

    private static String displaysKey(String node) {
        return PREFIX + "node:" + node + ":displays";
    }

    private static String resource(String name) {
        try (InputStream in = RedisSessionStore.class.getResourceAsStream("redis/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
