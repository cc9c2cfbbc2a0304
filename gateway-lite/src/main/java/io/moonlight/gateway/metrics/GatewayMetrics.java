package io.moonlight.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code /metrics} shows in Prometheus' text format: the JVM, each route's request count and
 * latency (by method, route template and status, so ids in paths do not multiply the series), the
 * sessions by state as the store holds them, read at each scrape, and the signaling hub's
 * connections and dropped messages. {@code moonlight_store_up} is
 * 0 when that read failed; the session gauges are then NaN rather than stale.
 */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<SessionState, Double> sessions = new EnumMap<>(SessionState.class);
    private volatile double storeUp = Double.NaN;

    public GatewayMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (SessionState state : SessionState.values()) {
            sessions.put(state, Double.NaN);
            Gauge.builder("moonlight.sessions", () -> sessionCount(state))
                    .description("Sessions in the store, by state")
                    .tag("state", state.name())
                    .register(registry);
        }
        Gauge.builder("moonlight.store.up", () -> storeUp)
                .description("1 when the last scrape could read the session store, else 0")
                .register(registry);
    }

    /** Counts one finished request. */
    public void request(String method, String route, int status, Duration took) {
        Timer.builder("moonlight.http.requests")
                .description("HTTP requests to the gateway, by route")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .register(registry)
                .record(took);
    }

    /** Counts signaling messages the hub dropped ({@code amount} 0 makes the series appear at 0). */
    public void signalingDropped(String reason, double amount) {
        Counter.builder("moonlight.signaling.messages.dropped")
                .description("Signaling messages the hub dropped instead of relaying, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment(amount);
    }

    /** Counts data-channel input messages the agents reported dropping ({@code amount} 0: the series at 0). */
    public void inputDropped(String reason, double amount) {
        Counter.builder("moonlight.input.messages.dropped")
                .description("Input messages from browsers that the sessions' agents dropped, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment(amount);
    }

    /**
     * Counts signaling messages between gateways ({@code direction} "sent" or "received": relayed
     * messages and join and leave notices through Redis; {@code amount} 0 makes the series appear at 0).
     */
    public void signalingBus(String direction, double amount) {
        Counter.builder("moonlight.signaling.bus.messages")
                .description("Signaling messages this gateway sent to or received from other gateways")
                .tag("direction", direction)
                .register(registry)
                .increment(amount);
    }

    /** The signaling connections of one role ("browser", "agent") that the hub has let in, read at each scrape. */
    public void signalingConnections(String role, Supplier<Number> count) {
        Gauge.builder("moonlight.signaling.connections", count)
                .description("Signaling connections past their hello, by role")
                .tag("role", role)
                .register(registry);
    }

    /** Reads the sessions from the store, then renders every metric. */
    public String scrape(SessionStore store) {
        Map<SessionState, Double> counts = new EnumMap<>(SessionState.class);
        try {
            List<Session> all = store.list();
            for (SessionState state : SessionState.values()) {
                counts.put(state, (double) all.stream().filter(s -> s.state() == state).count());
            }
            storeUp = 1;
        } catch (MoonlightException e) {
            for (SessionState state : SessionState.values()) {
                counts.put(state, Double.NaN);
            }
            storeUp = 0;
        }
        synchronized (sessions) {
            sessions.putAll(counts);
        }
        return registry.scrape();
    }

    private double sessionCount(SessionState state) {
        synchronized (sessions) {
            return sessions.get(state);
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
