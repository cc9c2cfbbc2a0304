package io.moonlight.core.sessions;

import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** List, show and cleanup agree over the Redis store (a real redis-server, emptied for each reader). */
@ServiceTest
class ReconcilerRedisTest extends ReconcilerContract {
    @TempDir
    static Path dir;
    static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Override
    SessionStore openEmptyStore(Clock clock) {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.flushAll();
        }
        return StoreFactory.open(new StoreConfig("redis", null, new RedisConfig("127.0.0.1", server.port(), null, null,
                null, null)), config.sunshine(), clock);
    }
}
