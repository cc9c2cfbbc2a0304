package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The signaling hub (docs/streaming.md): lets a connection in by its hello ({@link Admission}),
 * then relays offer, answer, candidates and bye between a session's browsers and its one agent,
 * each marked with the sender's peer id, and tells each end when the other comes and goes. A
 * session has one owner's browser and any number of view-only browsers (viewers), whose messages
 * reach the agent marked {@code role: "viewer"}; the owner is told who watches ({@code watchers}).
 * A second owner's browser of a session takes over from the first, a second agent from the first (4409).
 * Every message takes from its connection's allowance; one that is too big, too many, not JSON or
 * not a message its sender may send is dropped, counted and answered with {@code error}, and a
 * connection that keeps doing it is closed (4429). Connections without a hello after 5 s or
 * silent for 60 s are closed (4408), by the injected clock. {@link #close()} closes every
 * connection with 1012 so that both ends come back to the restarted gateway (or to another one).
 * With several gateways on one Redis, a room also holds the session's peers on the other gateways
 * ({@link SignalingBus}): the same rules hold across them, and each gateway tells only its own
 * connections what changed.
 */
public final class SignalingHub implements AutoCloseable {
    static final Duration HELLO_TIME = Duration.ofSeconds(5);
    static final Duration IDLE_TIME = Duration.ofSeconds(60);
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** How long an empty room keeps its agent's input-drop counts (an agent reconnects within seconds). */
    private static final Duration EMPTY_ROOM_KEPT = Duration.ofHours(1);
    private static final long SWEEP_MILLIS = 200;
    /** How often the viewers that came with a share link are checked against the store (revoked, replaced, expired). */
    private static final long SHARE_CHECK_MILLIS = 1000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** How often the rooms are checked against the sessions' presence in Redis. */
    private static final long RECONCILE_MILLIS = 1000;
    /** How long another gateway's peer may be missing from Redis before it leaves its room. */
    private static final Duration MISSING_GRACE = RedisSignalingBus.REFRESH.multipliedBy(2);

    private final Admission admission;
    private final IceServers iceServers;
    private final SignalingBus bus;
    private final GatewayMetrics metrics;
    private final RequestLog log;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** By the WebSocket's id: every open connection, before and after its hello. */
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** By session id; guarded by {@code this}. */
    private final Map<String, Room> rooms = new HashMap<>();
    /** Other gateways' peers missing from Redis, by peer id: since when ({@link System#nanoTime()}); guarded by {@code this}. */
    private final Map<String, Long> missingSince = new HashMap<>();
    /** Other gateways' peers that left, by peer id: when; guarded by {@code this}. */
    private final Map<String, Long> departed = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "moonlight-signaling-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code bus}: how it meets the other gateways' peers; the hub closes it. */
    public SignalingHub(Admission admission, IceServers iceServers, SignalingBus bus, GatewayMetrics metrics,
            RequestLog log, Clock clock) {
        this.admission = admission;
        this.iceServers = iceServers;
        this.bus = bus;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        for (DropReason reason : DropReason.values()) {
            metrics.signalingDropped(reason.label, 0);
        }
        for (String reason : Inbound.INPUT_DROP_REASONS) {
            metrics.inputDropped(reason, 0);
        }
        for (Role role : Role.values()) {
            metrics.signalingConnections(role.wire(), () -> connected(role));
        }
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::closeEndedShares, SHARE_CHECK_MILLIS, SHARE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reconcile, RECONCILE_MILLIS, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
        bus.start(new FromOtherGateways());
    }

    /** A new WebSocket: {@code address} the client's, {@code fromWebPage} whether it carries an Origin. */
    void connected(WsConnectContext ws, String address, boolean fromWebPage) {
        connections.put(ws.sessionId(), new Connection(ws, address, fromWebPage, clock));
    }

    void received(WsMessageContext ws) {
        Connection connection = connections.get(ws.sessionId());
        if (connection == null || connection.isClosing()) {
            return;
        }
        connection.heard(clock.instant());
        try {
            if (!connection.takeMessage()) {
                throw new Drop(DropReason.RATE, "more than " + Connection.PER_SECOND + " messages a second (bursts of "
                        + Connection.BURST + ")");
            }
            if (ws.message().getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
                throw new Drop(DropReason.SIZE, "a message is at most 64 KiB");
            }
            JsonNode message = Inbound.parse(ws.message());
            if (connection.peer() == null) {
                admit(connection, Hello.read(message));
            } else {
                handle(connection, Inbound.read(message, connection.admitted().role()));
            }
        } catch (Drop drop) {
            dropped(connection, drop);
        } catch (Refusal refusal) {
            refuse(connection, refusal);
        } catch (RuntimeException e) {
            log.failure("signaling: internal error on a message of the " + connection.name(), e);
            connection.close(CloseCode.UNAVAILABLE, "internal error: see the gateway's log");
        }
    }

    /** Binary frames are not part of the protocol. */
    void receivedBinary(WsBinaryMessageContext ws) {
        Connection connection = connections.get(ws.sessionId());
        if (connection != null && !connection.isClosing()) {
            connection.heard(clock.instant());
            dropped(connection, new Drop(DropReason.MALFORMED, "messages are JSON in text frames"));
        }
    }

    void closed(WsCloseContext ws) {
        Connection connection = connections.remove(ws.sessionId());
        if (connection == null) {
            return;
        }
        if (ws.status() == 1009) {
            // The WebSocket layer refused a message far over the limit before the hub saw it.
            metrics.signalingDropped(DropReason.SIZE.label, 1);
        }
        Admitted admitted = connection.admitted();
        if (admitted == null) {
            return;
        }
        Set<String> gateways;
        synchronized (this) {
            Room room = rooms.get(admitted.session().id());
            gateways = room == null ? Set.of() : room.gateways();
            if (room != null && room.holds(connection)) {
                depart(room, connection);
            }
        }
        try {
            bus.left(Presence.of(admitted, connection.peer(), connection.opened, bus.gateway()), gateways);
        } catch (RuntimeException e) {
            // Redis is away: the other gateways forget the peer when this gateway's presence expires.
            log.event("signaling: cannot tell the other gateways that the " + connection.name() + " left: " + e.getMessage());
        }
        // The other end's own close reason is not logged: it is free text, and could hold anything.
        String how = connection.closedBy() != null ? connection.closedBy() : String.valueOf(ws.status());
        log.event("signaling: " + connection.name() + " left " + admitted.session().id() + " (" + how + ")");
    }

    /**
     * Closes every connection with 1012 (the gateway is restarting), waits briefly for them to go
     * (the other gateways are told of each), then leaves the bus.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        connections.values().forEach(c -> c.close(CloseCode.RESTARTING, "the gateway is restarting: reconnect"));
        Instant deadline = Instant.now().plus(CLOSE_WAIT);
        try {
            while (!connections.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bus.close();
        }
    }

    private void admit(Connection connection, Hello hello) {
        Admitted admitted = admission.admit(hello, connection.fromWebPage);
        String peer = "p-" + HexFormat.of().formatHex(bytes(8));
        synchronized (this) {
            if (connection.isClosing()) {
                return;
            }
            Room room = rooms.computeIfAbsent(admitted.session().id(), id -> new Room());
            try {
                if (room.local().findAny().isEmpty()) {
                    long now = System.nanoTime();
                    viaRedis(() -> bus.present(admitted.session().id())).forEach(p -> room.add(new RemotePeer(p, bus, now)));
                }
                if (admitted.share().isPresent()
                        && room.viewersOf(admitted.share().get().id()) >= admitted.share().get().maxViewers()) {
                    throw new Refusal(CloseCode.FORBIDDEN, "the share link of session " + admitted.session().id()
                            + " lets " + admitted.share().get().maxViewers() + " viewers watch at once, and they all do");
                }
                viaRedis(() -> {
                    bus.joined(Presence.of(admitted, peer, connection.opened, bus.gateway()), room.gateways());
                    return null;
                });
            } catch (Refusal refusal) {
                room.settle(clock.instant());
                throw refusal;
            }
            connection.welcomed(admitted, peer);
            arrive(room, connection);
        }
        logJoined(connection);
    }

    /** Asks Redis (through the bus); when it cannot be reached, the peer is told to come back (1013). */
    private <T> T viaRedis(Supplier<T> work) {
        try {
            return work.get();
        } catch (MoonlightException e) {
            throw new Refusal(CloseCode.UNAVAILABLE, "the gateways' Redis cannot be reached now: try again");
        }
    }

    /**
     * Puts {@code newcomer}, of this gateway or another, in its room: an owner's browser or an agent
     * takes over from the one before (closed with 4409 by the gateway it is on), a viewer joins the
     * others. A connection of this gateway is welcomed; this gateway's other peers are told.
     */
    private void arrive(Room room, Peer newcomer) {
        Role role = newcomer.role();
        Peer previous = newcomer.viewOnly() ? null : room.get(role);
        if (previous != null) {
            room.set(role, null);
            if (previous instanceof Connection replaced) {
                if (role == Role.BROWSER) {
                    replaced.send(Outbound.replaced("the session was opened in another tab"));
                }
                replaced.close(CloseCode.REPLACED, "replaced by a new connection of the session's " + role.wire());
            }
            noteGone(previous);
            tellLeft(room, previous);
        }
        room.add(newcomer);
        if (newcomer instanceof Connection joined) {
            joined.send(Outbound.welcome(joined.admitted(), joined.peer(), iceServers.forPeer(joined.admitted()),
                    room.other(role)));
        }
        tellJoined(room, newcomer);
        if (newcomer.viewOnly() || (role == Role.BROWSER && !room.viewers.isEmpty())) {
            tellWatchers(room);
        }
    }

    /** Takes {@code gone}, of this gateway or another, out of its room, and tells this gateway's other peers. */
    private void depart(Room room, Peer gone) {
        noteGone(gone);
        room.remove(gone, clock.instant());
        tellLeft(room, gone);
        if (gone.viewOnly()) {
            tellWatchers(room);
        }
    }

    private void logJoined(Connection connection) {
        log.event("signaling: " + connection.name() + " joined " + connection.admitted().session().id() + " from "
                + connection.address);
    }

    /** Remembers when another gateway's peer left, so that a presence read from Redis before does not bring it back. */
    private void noteGone(Peer gone) {
        if (gone instanceof RemotePeer) {
            missingSince.remove(gone.peer());
            departed.put(gone.peer(), System.nanoTime());
        }
    }

    /** Tells this gateway's peers at the other end of the room that {@code peer} joined. */
    private void tellJoined(Room room, Peer peer) {
        tell(room, peer, peer.role() == Role.BROWSER ? Outbound.aboutPeer("peer-joined", peer.peer())
                : Outbound.event("agent-joined"));
    }

    /** Tells this gateway's peers at the other end of the room that {@code gone} left. */
    private void tellLeft(Room room, Peer gone) {
        tell(room, gone, gone.role() == Role.BROWSER ? Outbound.aboutPeer("peer-left", gone.peer())
                : Outbound.event("agent-left"));
    }

    /** Sends {@code message} about {@code peer} to the room's connections of the other role on this gateway. */
    private static void tell(Room room, Peer peer, ObjectNode message) {
        List<Peer> others = peer.role() == Role.BROWSER ? Stream.ofNullable(room.agent).toList() : room.browsers();
        others.stream().filter(Connection.class::isInstance).forEach(other -> other.send(message));
    }

    /** Tells the owner's browser, if it is on this gateway, who watches now. */
    private void tellWatchers(Room room) {
        if (room.browser instanceof Connection owner) {
            owner.send(Outbound.watchers(room.viewers.values()));
        }
    }

    private void handle(Connection connection, Inbound message) {
        if (message instanceof Inbound.Ping) {
            connection.send(Outbound.event("pong"));
        } else if (message instanceof Inbound.Relay relay) {
            relay(connection, relay);
        } else if (message instanceof Inbound.InputDropped dropped) {
            Map<String, Long> increases;
            synchronized (this) {
                Room room = rooms.get(connection.admitted().session().id());
                increases = room == null ? Map.of() : room.inputDropIncreases(dropped.counts());
            }
            increases.forEach((reason, increase) -> metrics.inputDropped(reason, increase));
        }
    }

    /** Relays outside the hub's lock: a peer on another gateway is reached through Redis. */
    private void relay(Connection from, Inbound.Relay relay) {
        Role role = from.admitted().role();
        Peer to;
        synchronized (this) {
            Room room = rooms.get(from.admitted().session().id());
            if (room == null || !room.holds(from)) {
                return;
            }
            to = role == Role.AGENT && relay.to() != null ? room.browser(relay.to()) : room.other(role);
        }
        if (to == null || (role == Role.BROWSER && relay.to() != null && !relay.to().equals(to.peer()))) {
            throw new Drop(DropReason.NO_PEER, role == Role.BROWSER ? "the session's agent is not connected"
                    : "the browser '" + Names.printable(relay.to()) + "' is not connected");
        }
        ObjectNode body = relay.body().put("from", from.peer());
        // The agent refuses a viewer's input by this mark; the hub rebuilds every relayed message, so no browser sets it.
        try {
            to.send(from.admitted().viewOnly() ? body.put("role", "viewer") : body);
        } catch (MoonlightException e) {
            throw new Drop(DropReason.NO_PEER, "the gateway of the session's other end cannot be reached now");
        }
    }

    private void dropped(Connection connection, Drop drop) {
        metrics.signalingDropped(drop.reason.label, 1);
        if (connection.peer() == null) {
            refuse(connection, new Refusal(CloseCode.BAD_HELLO, "the first message must be a hello: " + drop.getMessage()));
            return;
        }
        connection.send(Outbound.error(drop));
        if (drop.reason.isFault() && !connection.takeFault()) {
            connection.close(CloseCode.MISBEHAVING, "too many dropped messages");
            log.event("signaling: closed the " + connection.name() + ": too many dropped messages (last: "
                    + drop.reason.label + ")");
        }
    }

    private void refuse(Connection connection, Refusal refusal) {
        connection.close(refusal.code, refusal.getMessage());
        log.event("signaling: refused the " + connection.name() + ": " + refusal.code.code + " " + refusal.getMessage());
    }

    /**
     * Closes connections without a hello in time, or silent too long, and renews the ICE servers of
     * those connected long enough ({@link IceServers#renewEvery}), by the injected clock.
     */
    private void sweep() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.failure("signaling: internal error while sweeping the connections", e);
        }
    }

    private void sweep(Instant now) {
        for (Connection connection : connections.values()) {
            if (connection.isClosing()) {
                continue;
            }
            if (connection.peer() == null && !now.isBefore(connection.opened.plus(HELLO_TIME))) {
                refuse(connection, new Refusal(CloseCode.TIMEOUT, "no hello within " + HELLO_TIME.toSeconds() + " s"));
            } else if (!now.isBefore(connection.lastHeard().plus(IDLE_TIME))) {
                connection.close(CloseCode.TIMEOUT, "nothing heard for " + IDLE_TIME.toSeconds() + " s");
            } else if (connection.peer() != null && iceServers.renewEvery()
                    .filter(every -> !now.isBefore(connection.iceServersSent().plus(every))).isPresent()) {
                connection.iceServersSent(now);
                connection.send(Outbound.iceServers(iceServers.forPeer(connection.admitted())));
            }
        }
        synchronized (this) {
            rooms.values().removeIf(room -> room.emptyBefore(now.minus(EMPTY_ROOM_KEPT)));
        }
    }

    /**
     * Closes (4410) every viewer whose share link was revoked, replaced or expired, or whose session is
     * no longer READY, so that a revoke cuts them off within a second whichever gateway or command
     * changed the share. The store is read outside the hub's lock, once a session for all its viewers.
     */
    private void closeEndedShares() {
        List<Connection> viewers;
        synchronized (this) {
            viewers = rooms.values().stream().flatMap(Room::local)
                    .filter(viewer -> viewer.admitted().share().isPresent()).toList();
        }
        Map<String, List<Connection>> bySession = viewers.stream()
                .collect(Collectors.groupingBy(viewer -> viewer.admitted().session().id()));
        bySession.forEach((id, watching) -> {
            Optional<Session> session;
            try {
                session = admission.current(id);
            } catch (RuntimeException e) {
                // The store is away (it says why in one line); the viewers keep watching until the next check.
                log.event("signaling: cannot check the share of " + id + " now: " + e.getMessage());
                return;
            }
            for (Connection viewer : watching) {
                admission.shareEnded(session, viewer.admitted()).ifPresent(why -> {
                    viewer.close(CloseCode.SHARE_GONE, why);
                    log.event("signaling: closed the " + viewer.name() + " of " + id + ": " + why);
                });
            }
        });
    }

    /** This gateway's connections of {@code role} past their hello. */
    private synchronized long connected(Role role) {
        return rooms.values().stream().flatMap(Room::local).filter(connection -> connection.role() == role).count();
    }

    /**
     * Brings the rooms of this gateway's peers in line with the sessions' presence in Redis, for what
     * the notices did not say (a gateway that died, notices lost while Redis was away): another
     * gateway's peer missing from it for {@link #MISSING_GRACE} leaves its room (a Redis that
     * restarted empty is written again within that time); one present that the room does not know
     * joins it, taking over only from an older peer of its slot. Redis is read outside the hub's
     * lock; a peer learnt of, or gone, after the read is left alone.
     */
    private void reconcile() {
        List<String> sessions;
        synchronized (this) {
            sessions = rooms.entrySet().stream().filter(e -> e.getValue().local().findAny().isPresent())
                    .map(Map.Entry::getKey).toList();
            long forgotten = System.nanoTime() - MISSING_GRACE.toNanos() * 10;
            departed.values().removeIf(at -> at < forgotten);
            missingSince.values().removeIf(since -> since < forgotten);
        }
        for (String session : sessions) {
            long asked = System.nanoTime();
            List<Presence> present;
            try {
                present = bus.present(session);
            } catch (RuntimeException e) {
                // Redis is away: the bus says so in its own log line; the check comes again.
                return;
            }
            synchronized (this) {
                Room room = rooms.get(session);
                if (room != null) {
                    forgetMissing(room, session, present, asked);
                    learnPresent(room, present, asked);
                }
            }
        }
    }

    private void forgetMissing(Room room, String session, List<Presence> present, long asked) {
        Set<String> there = present.stream().map(Presence::peer).collect(Collectors.toSet());
        for (RemotePeer peer : room.remote().filter(p -> p.seenNanos() < asked).toList()) {
            if (there.contains(peer.peer())) {
                missingSince.remove(peer.peer());
            } else if (asked - missingSince.computeIfAbsent(peer.peer(), p -> asked) >= MISSING_GRACE.toNanos()) {
                depart(room, peer);
                log.event("signaling: " + peer.role().nameOf(peer.who(), peer.viewOnly()) + " " + peer.peer()
                        + " on gateway " + peer.presence().gateway() + " is gone from " + session
                        + " (its gateway stopped saying it is alive, or its leaving was not heard)");
            }
        }
    }

    private void learnPresent(Room room, List<Presence> present, long asked) {
        for (Presence peer : present) {
            Long gone = departed.get(peer.peer());
            if (room.peer(peer.peer()) != null || (gone != null && gone > asked)) {
                continue;
            }
            Peer holder = peer.viewOnly() ? null : room.get(peer.role());
            if (holder == null || holder.since().isBefore(peer.since())) {
                arrive(room, new RemotePeer(peer, bus, System.nanoTime()));
            }
        }
    }

    /** What the other gateways tell this one, applied under the hub's lock. */
    private final class FromOtherGateways implements SignalingBus.Listener {
        @Override
        public void arrived(Presence peer) {
            synchronized (SignalingHub.this) {
                Room room = rooms.get(peer.session());
                // Known already (read from Redis when this gateway's first peer joined), or no peer of it here.
                if (room != null && room.local().findAny().isPresent() && room.peer(peer.peer()) == null) {
                    arrive(room, new RemotePeer(peer, bus, System.nanoTime()));
                }
            }
        }

        @Override
        public void departed(String session, String peer) {
            synchronized (SignalingHub.this) {
                Room room = rooms.get(session);
                if (room != null && room.peer(peer) instanceof RemotePeer gone) {
                    depart(room, gone);
                }
            }
        }

        @Override
        public void delivered(String session, String to, ObjectNode message) {
            Peer target;
            synchronized (SignalingHub.this) {
                Room room = rooms.get(session);
                target = room == null ? null : room.peer(to);
            }
            if (target instanceof Connection connection) {
                connection.send(message);
            }
        }
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
