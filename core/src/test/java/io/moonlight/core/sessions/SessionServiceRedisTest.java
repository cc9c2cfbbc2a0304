package io.moonlight.core.sessions;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testing.RedisServer;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The same life cycle on the Slurm testbed with the Redis store (a real redis-server). */
class SessionServiceRedisTest extends SessionServiceSlurmTest {
    private RedisServer redis;

    SessionServiceRedisTest(SlurmTestbed testbed) {
        super(testbed);
    }

    @Override
    SessionStore openStore(MoonlightConfig config) throws Exception {
        redis = RedisServer.start(temp);
        return StoreFactory.open(new StoreConfig("redis", null, new RedisConfig("127.0.0.1", redis.port(), null, null,
                null, null)), config.sunshine(), Clock.systemUTC());
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }
}
