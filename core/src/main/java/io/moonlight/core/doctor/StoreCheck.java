package io.moonlight.core.doctor;

import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** The session store: the SQLite file's directory, or a PING to Redis. */
public final class StoreCheck implements Check {
    private static final int TIMEOUT_MS = 3000;
    private final StoreConfig store;

    public StoreCheck(StoreConfig store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public List<CheckResult> run() {
        return List.of("redis".equals(store.type()) ? redis(store.redis()) : sqlite(Path.of(store.sqlitePath())));
    }

    private CheckResult sqlite(Path file) {
        if (Files.isRegularFile(file)) {
            return Files.isWritable(file)
                    ? CheckResult.pass(name(), "SQLite " + file)
                    : CheckResult.fail(name(), "SQLite " + file + " is not writable by this user",
                            "run as the gateway's service user, or fix the file's owner");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(dir) && Files.isWritable(dir)) {
            return CheckResult.pass(name(), "SQLite " + file + " (created on first start)");
        }
        return CheckResult.fail(name(), "SQLite directory " + dir + " is missing or not writable",
                "mkdir -p " + dir + " and give it to the gateway's service user, or set store.sqlite_path");
    }

    private CheckResult redis(RedisConfig redis) {
        if (!redis.sentinelMaster().isEmpty()) {
            return CheckResult.warn(name(), "Redis through Sentinel master '" + redis.sentinelMaster() + "' not probed",
                    "check the sentinels with 'redis-cli -p PORT sentinel get-master-addr-by-name "
                            + redis.sentinelMaster() + "'");
        }
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).database(redis.database());
        if (!redis.password().isEmpty()) {
            client.password(redis.password());
        }
        String where = "Redis " + redis.host() + ":" + redis.port();
        try (Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), client.build())) {
            return CheckResult.pass(name(), where + " answers " + jedis.ping());
        } catch (JedisException e) {
            return CheckResult.fail(name(), where + ": " + e.getMessage(),
                    "start Redis, or fix store.redis.host/port/password in the configuration");
        }
    }
}
