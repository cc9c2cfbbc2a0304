package io.moonlight.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.MutableClock;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The contract against a real redis-server, plus what is particular to Redis: restarts and the key
 * namespace. The server runs with {@code appendonly yes}, as a deployment must: without persistence
 * a Redis restart forgets every session.
 */
@ServiceTest
class RedisSessionStoreTest extends SessionStoreContract {
    private static final Map<String, String> VNC_KEYS = Map.of("vnc:session:alice", "port=5901", "vnc:ports", "5901");
    @TempDir
    static Path dir;
    static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(dir, "--appendonly", "yes");
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    /** Each test starts from an empty Redis that holds only the VNC service's keys, which must survive untouched. */
    @BeforeEach
    void onlyVncKeys() {
        try (Jedis jedis = raw()) {
            jedis.flushAll();
            VNC_KEYS.forEach(jedis::set);
        }
    }

    @Override
    SessionStore openStore(MutableClock clock, SunshineConfig sunshine) {
        return StoreFactory.open(new StoreConfig("redis", null, redisConfig()), sunshine, clock);
    }

    RedisConfig redisConfig() {
        return new RedisConfig("127.0.0.1", server.port(), null, null, null, null);
    }

    @Override
    void assertOnlyOwnNamespace() {
        Map<String, String> vnc = new TreeMap<>();
        try (Jedis jedis = raw()) {
            for (String key : allKeys(jedis)) {
                if (key.startsWith("vnc:")) {
                    vnc.put(key, jedis.get(key));
                } else {
                    assertTrue(key.startsWith("moonlight:"), "a key outside moonlight:*: " + key);
                }
            }
        }
        assertEquals(new TreeMap<>(VNC_KEYS), vnc, "the VNC service's keys are untouched");
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        try (Jedis jedis = raw()) {
            for (String key : allKeys(jedis)) {
                all.append(key).append(" = ");
                switch (jedis.type(key)) {
                    case "hash" -> all.append(jedis.hgetAll(key));
                    case "list" -> all.append(jedis.lrange(key, 0, -1));
                    case "set" -> all.append(jedis.smembers(key));
                    case "zset" -> all.append(jedis.zrange(key, 0, -1));
                    case "string" -> all.append(jedis.get(key));
                    default -> throw new IllegalStateException("unexpected key type for " + key);
                }
                all.append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void sessionsStoredBeforeListingsWerePagedAreListedAfterTheNextOpen() {
        Session a1 = created("alice");
        clock.advance(Duration.ofSeconds(1));
        Session b1 = created("bob");
        store.close();
        try (Jedis jedis = raw()) {
            jedis.del("moonlight:sessions:order", "moonlight:sessions:live", "moonlight:user:alice:order",
                    "moonlight:user:bob:order");
        }
        store = openStore(clock);
        assertEquals(List.of(a1, b1), store.page(filter(true, null, null, 10, null)).sessions());
        assertEquals(List.of(a1, b1), store.page(filter(false, null, null, 10, null)).sessions());
        assertEquals(List.of(b1), store.page(filter(true, null, "bob", 10, null)).sessions());
    }

    @Test
    void aRedisRestartLosesNothingAndTheStoreReconnects() throws Exception {
        Session ready = created("alice");
        store.transition(ready.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        Lease lease = store.claimLease(ready.id(), "viz01", FreeDisplays.ALL);
        store.transition(ready.id(), SessionState.STARTING, SessionState.READY, "").orElseThrow();
        Session pending = created("bob");
        List<Session> before = store.list();

        server.stop();
        MoonlightException down = assertThrows(MoonlightException.class, () -> store.get(ready.id()));
        assertEquals(ExitCode.UNAVAILABLE, down.exitCode());
        assertTrue(down.getMessage().contains(" is unreachable"), down.getMessage());
        server.restart();

        // The same store object, whose pooled connections all broke, carries on.
        assertEquals(before, store.list());
        assertEquals(List.of(lease), store.leases());
        store.transition(pending.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        Lease second = store.claimLease(pending.id(), "viz01", FreeDisplays.ALL);
        assertEquals(48019, second.basePort(), "the restarted Redis still knows the first lease");
        assertOnlyOwnNamespace();
    }

    @Test
    void aFullLifeCycleWritesOnlyMoonlightKeys() {
        Session session = created("alice");
        store.setPlacement(session.id(), Optional.of("4711"), Optional.of("viz01"));
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        store.claimLease(session.id(), "viz01", FreeDisplays.ALL);
        store.heartbeat(session.id());
        store.transition(session.id(), SessionState.STARTING, SessionState.READY, "").orElseThrow();
        store.transition(session.id(), SessionState.READY, SessionState.STOPPING, "").orElseThrow();
        store.transition(session.id(), SessionState.STOPPING, SessionState.ENDED, "").orElseThrow();
        assertOnlyOwnNamespace();
        try (Jedis jedis = raw()) {
            assertTrue(allKeys(jedis).stream().noneMatch(k -> k.startsWith("moonlight:node:")),
                    "an ended session leaves no lease keys: " + allKeys(jedis));
        }
        store.delete(session.id());
        try (Jedis jedis = raw()) {
            assertEquals(List.of(), allKeys(jedis).stream().filter(k -> k.startsWith("moonlight:")).toList(),
                    "a deleted session leaves no key behind");
        }
    }

    @Override
    void leaveLeaseBehind(String id, String node, int basePort, int display) {
        try (Jedis jedis = raw()) {
            jedis.hset("moonlight:session:" + id, Map.of("lease_node", node, "sunshine_base_port",
                    String.valueOf(basePort), "display", String.valueOf(display)));
            jedis.hset("moonlight:node:" + node + ":ports", String.valueOf(basePort), id);
            jedis.hset("moonlight:node:" + node + ":displays", String.valueOf(display), id);
            jedis.sadd("moonlight:nodes", node);
        }
    }

    private static Jedis raw() {
        return new Jedis("127.0.0.1", server.port());
    }

    private static List<String> allKeys(Jedis jedis) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(100));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
