package io.moonlight.core.store;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.RedisConfig;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A pooled client for the configured Redis, or for the master the sentinels name: the one way the
 * session store and the gateways' signaling bus reach Redis. {@link #where} names it in errors.
 */
public record RedisAccess(UnifiedJedis redis, String where) implements AutoCloseable {
    private static final int TIMEOUT_MS = 5000;

    /**
     * {@code name}: the client name Redis shows in {@code CLIENT LIST}. {@code checkOnBorrow}: whether
     * each call first checks its pooled connection (a round trip, but a connection broken by a Redis
     * restart is never used); without, idle connections are checked every second, and a caller that
     * cannot lose a call tries once more after {@link #isBrokenConnection}.
     */
    public static RedisAccess open(RedisConfig config, String name, boolean checkOnBorrow) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS)
                .database(config.database()).clientName(name);
        if (!config.password().isEmpty()) {
            client.password(config.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setTestOnBorrow(checkOnBorrow);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setMaxTotal(16);
        if (config.sentinelMaster().isEmpty()) {
            return new RedisAccess(RedisClient.builder().hostAndPort(config.host(), config.port())
                    .clientConfig(client.build()).poolConfig(pool).build(), "Redis " + config.host() + ":" + config.port());
        }
        Set<HostAndPort> sentinels = config.sentinels().stream().map(HostAndPort::from).collect(Collectors.toSet());
        JedisClientConfig sentinelClient = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).build();
        try {
            return new RedisAccess(RedisSentinelClient.builder().masterName(config.sentinelMaster()).sentinels(sentinels)
                    .clientConfig(client.build()).sentinelClientConfig(sentinelClient).poolConfig(pool).build(),
                    "Redis master '" + config.sentinelMaster() + "'");
        } catch (JedisException e) {
            throw MoonlightException.unavailable("Redis Sentinel master '" + config.sentinelMaster() + "' via "
                    + config.sentinels() + ": " + e.getMessage(), "check store.redis.sentinels and sentinel_master");
        }
    }

    /** Runs {@code work}, turning Redis's failures into one-line errors naming the server and what to check. */
    public <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (JedisConnectionException e) {
            throw new MoonlightException(ExitCode.UNAVAILABLE, where + " is unreachable: " + e.getMessage(),
                    "start Redis, or fix store.redis in the configuration", e);
        } catch (JedisException e) {
            throw MoonlightException.failed(where + ": " + e.getMessage(),
                    "check store.redis.password and database in the configuration");
        }
    }

    /** Whether {@code e}, thrown by {@link #call}, says the connection broke (Redis restarted, or is away). */
    public static boolean isBrokenConnection(MoonlightException e) {
        return e.getCause() instanceof JedisConnectionException;
    }

    @Override
    public void close() {
        redis.close();
    }
}
