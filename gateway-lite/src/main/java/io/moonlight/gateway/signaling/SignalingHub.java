package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import io.moonlight.core.session.Names;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * connection with 1012 so that both ends come back to the restarted gateway.
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

    private final Admission admission;
    private final IceServers iceServers;
    private final GatewayMetrics metrics;
    private final RequestLog log;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** By the WebSocket's id: every open connection, before and after its hello. */
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** By session id; guarded by {@code this}. */
    private final Map<String, Room> rooms = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "moonlight-signaling-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    public SignalingHub(Admission admission, IceServers iceServers, GatewayMetrics metrics, RequestLog log,
            Clock clock) {
        this.admission = admission;
        this.iceServers = iceServers;
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
        timer.scheduleWithFixedDelay(this::closeOverdue, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::closeEndedShares, SHARE_CHECK_MILLIS, SHARE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
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
        synchronized (this) {
            Room room = rooms.get(admitted.session().id());
            if (room != null && room.holds(connection)) {
                room.remove(connection, clock.instant());
                tellLeft(room, admitted.role(), connection);
                if (admitted.viewOnly()) {
                    tellWatchers(room);
                }
            }
        }
        // The other end's own close reason is not logged: it is free text, and could hold anything.
        String how = connection.closedBy() != null ? connection.closedBy() : String.valueOf(ws.status());
        log.event("signaling: " + connection.name() + " left " + admitted.session().id() + " (" + how + ")");
    }

    /** Closes every connection with 1012 (the gateway is restarting) and waits briefly for them to go. */
    @Override
    public void close() {
        timer.shutdownNow();
        connections.values().forEach(c -> c.close(CloseCode.RESTARTING, "the gateway is restarting: reconnect"));
        Instant deadline = Instant.now().plus(CLOSE_WAIT);
        while (!connections.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void admit(Connection connection, Hello hello) {
        Admitted admitted = admission.admit(hello, connection.fromWebPage);
        String peer = "p-" + HexFormat.of().formatHex(bytes(8));
        Role role = admitted.role();
        synchronized (this) {
            if (connection.isClosing()) {
                return;
            }
            Room room = rooms.computeIfAbsent(admitted.session().id(), id -> new Room());
            if (admitted.viewOnly()) {
                watch(room, connection, admitted, peer);
                return;
            }
            Connection previous = room.get(role);
            if (previous != null) {
                room.set(role, null);
                if (role == Role.BROWSER) {
                    previous.send(Outbound.replaced("the session was opened in another tab"));
                }
                previous.close(CloseCode.REPLACED, "replaced by a new connection of the session's " + role.wire());
                tellLeft(room, role, previous);
            }
            room.set(role, connection);
            connection.welcomed(admitted, peer);
            connection.send(Outbound.welcome(admitted, peer, iceServers.forPeer(admitted), room.other(role)));
            tellJoined(room, role, peer);
            if (role == Role.BROWSER && !room.viewers.isEmpty()) {
                tellWatchers(room);
            }
        }
        logJoined(connection);
    }

    /** A view-only browser joins beside the owner's: it takes over from nobody; a share lets its maximum in. */
    private void watch(Room room, Connection connection, Admitted admitted, String peer) {
        if (admitted.share().isPresent() && room.viewersOf(admitted.share().get()) >= admitted.share().get().maxViewers()) {
            refuse(connection, new Refusal(CloseCode.FORBIDDEN, "the share link of session " + admitted.session().id()
                    + " lets " + admitted.share().get().maxViewers() + " viewers watch at once, and they all do"));
            return;
        }
        room.viewers.put(peer, connection);
        connection.welcomed(admitted, peer);
        connection.send(Outbound.welcome(admitted, peer, iceServers.forPeer(admitted), room.agent));
        tellJoined(room, Role.BROWSER, peer);
        tellWatchers(room);
        logJoined(connection);
    }

    private void logJoined(Connection connection) {
        log.event("signaling: " + connection.name() + " joined " + connection.admitted().session().id() + " from "
                + connection.address);
    }

    /** Tells the other end of the room that {@code peer} (of {@code role}) joined. */
    private void tellJoined(Room room, Role role, String peer) {
        if (role == Role.BROWSER) {
            if (room.agent != null) {
                room.agent.send(Outbound.aboutPeer("peer-joined", peer));
            }
        } else {
            room.browsers().forEach(browser -> browser.send(Outbound.event("agent-joined")));
        }
    }

    /** Tells the other end of the room that {@code gone} (of {@code role}) left. */
    private void tellLeft(Room room, Role role, Connection gone) {
        if (role == Role.BROWSER) {
            if (room.agent != null) {
                room.agent.send(Outbound.aboutPeer("peer-left", gone.peer()));
            }
        } else {
            room.browsers().forEach(browser -> browser.send(Outbound.event("agent-left")));
        }
    }

    /** Tells the owner's browser, if there, who watches now. */
    private void tellWatchers(Room room) {
        if (room.browser != null) {
            room.browser.send(Outbound.watchers(room.viewers.values()));
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

    private synchronized void relay(Connection from, Inbound.Relay relay) {
        Role role = from.admitted().role();
        Room room = rooms.get(from.admitted().session().id());
        if (room == null || !room.holds(from)) {
            return;
        }
        Connection to = role == Role.AGENT && relay.to() != null ? room.browser(relay.to()) : room.other(role);
        if (to == null || (role == Role.BROWSER && relay.to() != null && !relay.to().equals(to.peer()))) {
            throw new Drop(DropReason.NO_PEER, role == Role.BROWSER ? "the session's agent is not connected"
                    : "the browser '" + Names.printable(relay.to()) + "' is not connected");
        }
        ObjectNode body = relay.body().put("from", from.peer());
        // The agent refuses a viewer's input by this mark; the hub rebuilds every relayed message, so no browser sets it.
        to.send(from.admitted().viewOnly() ? body.put("role", "viewer") : body);
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
    private void closeOverdue() {
        try {
            closeOverdue(clock.instant());
        } catch (RuntimeException e) {
            log.failure("signaling: internal error while closing overdue connections", e);
        }
    }

    private void closeOverdue(Instant now) {
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
     * changed the share. The store is read outside the hub's lock.
     */
    private void closeEndedShares() {
        List<Connection> viewers;
        synchronized (this) {
            viewers = rooms.values().stream().flatMap(room -> room.viewers.values().stream())
                    .filter(viewer -> viewer.admitted().share().isPresent()).toList();
        }
        for (Connection viewer : viewers) {
            try {
                admission.shareEnded(viewer.admitted()).ifPresent(why -> {
                    viewer.close(CloseCode.SHARE_GONE, why);
                    log.event("signaling: closed the " + viewer.name() + " of " + viewer.admitted().session().id()
                            + ": " + why);
                });
            } catch (RuntimeException e) {
                // The store is away (it says why in one line); the viewer keeps watching until the next check.
                log.event("signaling: cannot check the share of the " + viewer.name() + " now: " + e.getMessage());
            }
        }
    }

    private synchronized int connected(Role role) {
        return rooms.values().stream().mapToInt(room -> role == Role.BROWSER ? room.browsers().size()
                : room.agent == null ? 0 : 1).sum();
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
