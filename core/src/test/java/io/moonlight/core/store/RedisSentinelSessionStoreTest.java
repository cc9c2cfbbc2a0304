package io.moonlight.core.store;

import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.testing.RedisSentinel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Everything the Redis store passes, again with the store finding its master through a real Sentinel. */
class RedisSentinelSessionStoreTest extends RedisSessionStoreTest {
    private static RedisSentinel sentinel;

    @BeforeAll
    static void startSentinel() throws Exception {
        sentinel = RedisSentinel.start(dir, "moonlight-test", server.port());
    }

    @AfterAll
    static void stopSentinel() {
        sentinel.close();
    }

    @Override
    RedisConfig redisConfig() {
        return new RedisConfig(null, null, null, null, "moonlight-test", List.of("127.0.0.1:" + sentinel.port()));
    }
}
