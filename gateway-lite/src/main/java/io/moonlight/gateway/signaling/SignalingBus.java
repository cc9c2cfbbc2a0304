package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * How a gateway's hub meets the peers of its sessions that are connected to other gateways.
 * {@link #alone()} is a gateway by itself (the SQLite store): its rooms hold only its own
 * connections. {@link RedisSignalingBus} joins the gateways of one Redis.
 */
public interface SignalingBus extends AutoCloseable {
    /** A gateway with no others: nobody else is ever present, and nothing goes out. */
    static SignalingBus alone() {
        return NoOtherGateways.INSTANCE;
    }

    /** This gateway's id on the bus. */
    String gateway();

    /** Starts handing the hub what other gateways send it. */
    void start(Listener listener);

    /** The peers of {@code session} on other gateways that are alive now. */
    List<Presence> present(String session);

    /** Records {@code peer}, a connection to this gateway, as in its session, and tells {@code gateways}. */
    void joined(Presence peer, Set<String> gateways);

    /** Takes {@code peer} out of its session (unless a newcomer already took its place), and tells {@code gateways}. */
    void left(Presence peer, Set<String> gateways);

    /** Relays {@code message} to {@code to}, a peer on another gateway. */
    void relay(Presence to, ObjectNode message);

    @Override
    void close();

    /** What the hub is handed from other gateways. */
    interface Listener {
        void arrived(Presence peer);

        void departed(String session, String peer);

        /** A message relayed to {@code to}, a peer that should be connected to this gateway. */
        void delivered(String session, String to, ObjectNode message);
    }
}
