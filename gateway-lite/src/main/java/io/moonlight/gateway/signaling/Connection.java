package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.bucket4j.Bucket;
import io.javalin.websocket.WsContext;
import io.moonlight.core.session.Share;
import io.moonlight.gateway.http.ClockTime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One WebSocket to the hub: where it comes from, whether it came from a web page (it carries an
 * Origin), its message and fault allowances, when it was last heard from, and, once its hello was
 * accepted, its role, session and peer id. Sends and closes are asynchronous and never throw;
 * sends are one at a time (the hub relays to a connection from other connections' threads).
 */
final class Connection implements Peer {
    /** 50 messages a second sustained, bursts of 100. */
    static final int BURST = 100;
    static final int PER_SECOND = 50;
    /** Dropped messages (other than to a peer just gone) allowed in a row before the connection is closed. */
    static final int FAULTS = 10;
    static final Duration FAULT_REFILL = Duration.ofMinutes(1);
    /** The WebSocket protocol's limit on a close reason. */
    private static final int MAX_REASON_BYTES = 123;

    final WsContext ws;
    final String address;
    final boolean fromWebPage;
    final Instant opened;
    private final Bucket messages;
    private final Bucket faults;
    private volatile Instant lastHeard;
    /** When its ICE servers were last handed out: first with the welcome, which comes within seconds of opening. */
    private volatile Instant iceServersSent;
    private volatile boolean closing;
    /** How the hub closed it ("4409 replaced ..."), or null while it has not. */
    private volatile String closedBy;
    private volatile Admitted admitted;
    private volatile String peer;

    Connection(WsContext ws, String address, boolean fromWebPage, Clock clock) {
        this.ws = ws;
        this.address = address;
        this.fromWebPage = fromWebPage;
        this.opened = clock.instant();
        this.lastHeard = opened;
        this.iceServersSent = opened;
        ClockTime time = new ClockTime(clock);
        this.messages = Bucket.builder()
                .addLimit(limit -> limit.capacity(BURST).refillGreedy(PER_SECOND, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
        this.faults = Bucket.builder()
                .addLimit(limit -> limit.capacity(FAULTS).refillGreedy(FAULTS, FAULT_REFILL))
                .withCustomTimePrecision(time)
                .build();
    }

    void heard(Instant now) {
        lastHeard = now;
    }

    Instant lastHeard() {
        return lastHeard;
    }

    Instant iceServersSent() {
        return iceServersSent;
    }

    void iceServersSent(Instant now) {
        iceServersSent = now;
    }

    /** Takes one message from the allowance; false when it is used up. */
    boolean takeMessage() {
        return messages.tryConsume(1);
    }

    /** Takes one fault from the allowance; false when the connection has misbehaved too often. */
    boolean takeFault() {
        return faults.tryConsume(1);
    }

    void welcomed(Admitted admitted, String peer) {
        this.admitted = admitted;
        this.peer = peer;
    }

    /** What its hello proved, or null before. */
    Admitted admitted() {
        return admitted;
    }

    /** Its peer id, or null before its hello was accepted. */
    @Override
    public String peer() {
        return peer;
    }

    @Override
    public Role role() {
        return admitted.role();
    }

    @Override
    public boolean viewOnly() {
        return admitted.viewOnly();
    }

    @Override
    public String who() {
        return admitted.who();
    }

    @Override
    public Instant since() {
        return opened;
    }

    @Override
    public Optional<String> shareId() {
        return admitted.share().map(Share::id);
    }

    boolean isClosing() {
        return closing;
    }

    @Override
    public synchronized void send(JsonNode message) {
        String text;
        try {
            text = Inbound.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.get("type"), e);
        }
        try {
            ws.send(text);
        } catch (RuntimeException gone) {
            // The connection is closing: its close handler tells the other end.
        }
    }

    void close(CloseCode code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closedBy = code.code + " " + reason;
        try {
            ws.closeSession(code.code, shortened(reason));
        } catch (RuntimeException gone) {
            // Already closed.
        }
    }

    /** How the hub closed it, or null when the other end did. */
    String closedBy() {
        return closedBy;
    }

    /** A name for the log: the role and peer id once known, else the address. */
    String name() {
        Admitted who = admitted;
        return who == null ? "connection from " + address : who.name() + " " + peer;
    }

    private static String shortened(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
