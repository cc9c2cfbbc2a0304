package io.moonlight.core.doctor;

import io.moonlight.core.config.RedisConfig;
import io.moonlight.core.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The session store: the SQLite file's directory, or a PING to Redis and whether Redis keeps its data
 * across a restart (without the append-only file, a restart loses sessions and port leases).
 */
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
        return List.of("redis".equals(store.type()) ? redis(store.redis()) : sqlite(store.sqlitePath()));
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
            String answer = where + " answers " + jedis.ping();
            return persistence(jedis, answer);
        } catch (JedisException e) {
            return CheckResult.fail(name(), where + ": " + e.getMessage(),
                    "start Redis, or fix store.redis.host/port/password in the configuration");
        }
    }

    private CheckResult persistence(Jedis jedis, String answer) {
        Map<String, String> settings;
        try {
            settings = jedis.configGet("appendonly");
            settings.putAll(jedis.configGet("save"));
        } catch (JedisException refused) {
            // Managed Redis services often disable CONFIG; their persistence is the provider's.
            return CheckResult.pass(name(), answer + " (persistence not checked: CONFIG GET refused)");
        }
        if ("yes".equals(settings.get("appendonly"))) {
            return CheckResult.pass(name(), answer + ", append-only file on");
        }
        String hint = "set 'appendonly yes' in redis.conf (live: redis-cli CONFIG SET appendonly yes; CONFIG REWRITE)";
        if (settings.getOrDefault("save", "").isBlank()) {
            return CheckResult.warn(name(), answer + " but keeps nothing on disk: a restart loses every session and "
                    + "port lease", hint);
        }
        return CheckResult.warn(name(), answer + " with snapshots only (save " + settings.get("save")
                + "): a crash loses what changed since the last one", hint);
    }
}
