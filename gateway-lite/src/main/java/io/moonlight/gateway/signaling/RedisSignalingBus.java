package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.store.RedisAccess;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.params.SetParams;

/**
 * The gateways of one Redis as one hub (docs/streaming.md, "Several gateways"). Each gateway
 * subscribes to its own channel {@code moonlight:signaling:gateway:ID} on a connection of its own
 * (a subscription blocks it), and says it is alive with {@code moonlight:signaling:gateway:ID:alive},
 * which expires {@link #ALIVE} after its last refresh: the peers of a gateway that died without
 * saying goodbye stop counting then. A session's peers are the hash
 * {@code moonlight:signaling:room:SESSION} (slot -> presence), which lives while a gateway holds a
 * peer of it. Join and leave notices and relayed messages go to the channels of the gateways that
 * hold the session's other peers; losing Redis, the subscription is made again (0.5 s doubling to 5 s).
 * Every {@link #REFRESH} a gateway writes its alive key and its own peers again (a peer's slot only
 * while no newcomer took it), so that a Redis that restarted empty knows them all again within that time.
 */
public final class RedisSignalingBus implements SignalingBus {
    static final Duration ALIVE = Duration.ofSeconds(6);
    static final Duration REFRESH = ALIVE.dividedBy(3);
    private static final Duration ROOM_KEPT = ALIVE.multipliedBy(3);
    private static final String PREFIX = "moonlight:signaling:";
    /** Deletes a slot only while it still holds the leaving peer: a newcomer may have taken it already. */
    private static final String LEAVE = "local p = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "if p and cjson.decode(p).peer == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0";
    /** Writes a peer's slot again while it is empty or still holds the peer (a newcomer's is left alone). */
    private static final String STAY = "local p = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "if not p or cjson.decode(p).peer == ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[4])";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RedisAccess redis;
    private final String gateway;
    private final GatewayMetrics metrics;
    private final RequestLog log;
    /** This gateway's peers by peer id: written again with every refresh. */
    private final Map<String, Presence> local = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "moonlight-signaling-bus-alive");
        thread.setDaemon(true);
        return thread;
    });
    private final Subscriber subscriber = new Subscriber();
    private Thread listening;

    private RedisSignalingBus(RedisAccess redis, String gateway, GatewayMetrics metrics, RequestLog log) {
        this.redis = redis;
        this.gateway = gateway;
        this.metrics = metrics;
        this.log = log;
        metrics.signalingBus("sent", 0);
        metrics.signalingBus("received", 0);
    }

    /** {@code gateway}: this gateway's id, unique among the gateways of this Redis. */
    public static RedisSignalingBus open(RedisConfig config, String gateway, GatewayMetrics metrics, RequestLog log) {
        RedisSignalingBus bus = new RedisSignalingBus(RedisAccess.open(config, "moonlight-signaling", false), gateway, metrics, log);
        bus.stayAlive();
        return bus;
    }

    @Override
    public String gateway() {
        return gateway;
    }

    @Override
    public void start(Listener listener) {
        subscriber.listener = listener;
        listening = new Thread(this::listen, "moonlight-signaling-bus");
        listening.setDaemon(true);
        listening.start();
        heartbeat.scheduleWithFixedDelay(this::stayAlive, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<Presence> present(String session) {
        return call(() -> {
            List<Presence> peers = new ArrayList<>();
            Map<String, Boolean> alive = new HashMap<>();
            for (String value : redis.redis().hgetAll(roomKey(session)).values()) {
                Presence peer = presence(read(value));
                if (!peer.gateway().equals(gateway)
                        && alive.computeIfAbsent(peer.gateway(), g -> redis.redis().exists(aliveKey(g)))) {
                    peers.add(peer);
                }
            }
            return peers;
        });
    }

    @Override
    public void joined(Presence peer, Set<String> gateways) {
        call(() -> {
            redis.redis().hset(roomKey(peer.session()), peer.slot(), write(json(peer)));
            return redis.redis().pexpire(roomKey(peer.session()), ROOM_KEPT.toMillis());
        });
        local.put(peer.peer(), peer);
        ObjectNode notice = JSON.objectNode().put("kind", "joined");
        notice.set("peer", json(peer));
        gateways.forEach(to -> publish(to, notice));
    }

    @Override
    public void left(Presence peer, Set<String> gateways) {
        local.remove(peer.peer());
        call(() -> redis.redis().eval(LEAVE, List.of(roomKey(peer.session())), List.of(peer.slot(), peer.peer())));
        ObjectNode notice = JSON.objectNode().put("kind", "left").put("session", peer.session()).put("peer", peer.peer());
        gateways.forEach(to -> publish(to, notice));
    }

    @Override
    public void relay(Presence to, ObjectNode message) {
        ObjectNode relay = JSON.objectNode().put("kind", "relay").put("session", to.session()).put("to", to.peer());
        relay.set("message", message);
        publish(to.gateway(), relay);
    }

    /** Stops listening, and says at once that this gateway is gone. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            if (subscriber.isSubscribed()) {
                subscriber.unsubscribe();
            }
            call(() -> redis.redis().del(aliveKey(gateway)));
        } catch (RuntimeException e) {
            // Redis is away: the subscription is gone with it, and the alive key expires by itself.
        }
        redis.close();
    }

    /**
     * Runs {@code work} on a pooled connection, once more on another when the first broke (a Redis
     * restart breaks the idle ones, which are not checked before each call: that round trip tripled
     * the relay delay's 99th percentile under load).
     */
    private <T> T call(Supplier<T> work) {
        try {
            return redis.call(work);
        } catch (MoonlightException e) {
            if (!RedisAccess.isBrokenConnection(e)) {
                throw e;
            }
            return redis.call(work);
        }
    }

    private void publish(String to, ObjectNode message) {
        String text = write(message);
        call(() -> redis.redis().publish(channel(to), text));
        metrics.signalingBus("sent", 1);
    }

    /** Subscribes, and subscribes again whenever Redis goes away, until the bus is closed. */
    private void listen() {
        long backoff = 500;
        while (!closed.get()) {
            try {
                redis.redis().subscribe(subscriber, channel(gateway));
                backoff = 500;
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                log.event("signaling: gateway " + gateway + " lost the bus (" + redis.where() + "): " + e.getMessage()
                        + "; trying again in " + backoff + " ms");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /** Refreshes this gateway's alive key and its peers' presence. */
    private void stayAlive() {
        try {
            call(() -> {
                redis.redis().set(aliveKey(gateway), Instant.now().toString(), SetParams.setParams().px(ALIVE.toMillis()));
                local.values().forEach(peer -> redis.redis().eval(STAY, List.of(roomKey(peer.session())),
                        List.of(peer.slot(), peer.peer(), write(json(peer)), String.valueOf(ROOM_KEPT.toMillis()))));
                return null;
            });
            if (unreachable.compareAndSet(true, false)) {
                log.event("signaling: gateway " + gateway + " reaches " + redis.where() + " again");
            }
        } catch (RuntimeException e) {
            if (unreachable.compareAndSet(false, true)) {
                log.event("signaling: gateway " + gateway + " cannot say it is alive: " + e.getMessage());
            }
            if (listening == null) {
                throw e;
            }
        }
    }

    private final class Subscriber extends JedisPubSub {
        volatile Listener listener;
        private boolean before;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            log.event("signaling: gateway " + gateway + (before ? " joined the bus again" : " joined the bus") + " on "
                    + redis.where() + " (channel " + channel + ")");
            before = true;
        }

        @Override
        public void onMessage(String channel, String text) {
            metrics.signalingBus("received", 1);
            try {
                JsonNode message = read(text);
                switch (message.path("kind").asText()) {
                    case "joined" -> listener.arrived(presence(message.get("peer")));
                    case "left" -> listener.departed(message.get("session").asText(), message.get("peer").asText());
                    case "relay" -> listener.delivered(message.get("session").asText(), message.get("to").asText(),
                            (ObjectNode) message.get("message"));
                    default -> log.event("signaling: gateway " + gateway + " ignored a bus message of kind '"
                            + message.path("kind").asText() + "'");
                }
            } catch (RuntimeException e) {
                log.failure("signaling: gateway " + gateway + " could not take a bus message", e);
            }
        }
    }

    private static ObjectNode json(Presence peer) {
        ObjectNode json = JSON.objectNode().put("session", peer.session()).put("peer", peer.peer())
                .put("gateway", peer.gateway()).put("role", peer.role().wire()).put("viewOnly", peer.viewOnly())
                .put("who", peer.who()).put("since", peer.since().toString());
        peer.shareId().ifPresent(share -> json.put("share", share));
        return json;
    }

    private static Presence presence(JsonNode json) {
        return new Presence(json.get("session").asText(), json.get("peer").asText(), json.get("gateway").asText(),
                Role.valueOf(json.get("role").asText().toUpperCase(Locale.ROOT)), json.get("viewOnly").asBoolean(),
                json.get("who").asText(), Instant.parse(json.get("since").asText()),
                Optional.ofNullable(json.get("share")).map(JsonNode::asText));
    }

    private static JsonNode read(String text) {
        try {
            return Inbound.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode json) {
        try {
            return Inbound.JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a bus message", e);
        }
    }

    private static String channel(String gateway) {
        return PREFIX + "gateway:" + gateway;
    }

    private static String aliveKey(String gateway) {
        return PREFIX + "gateway:" + gateway + ":alive";
    }

    private static String roomKey(String session) {
        return PREFIX + "room:" + session;
    }
}
