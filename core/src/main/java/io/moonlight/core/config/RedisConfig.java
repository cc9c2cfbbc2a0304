package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.util.List;

/** Redis: a single server, or a Sentinel master name with its sentinels ("host:port"). */
public record RedisConfig(String host, Integer port, String password, Integer database, String sentinelMaster,
        List<String> sentinels) {
    public RedisConfig {
        host = orDefault(host, "127.0.0.1");
        port = ConfigRules.port("store.redis.port", port, 6379);
        password = orDefault(password, "");
        database = atLeast("store.redis.database", database, 0, 0, "use a database number from 0");
        sentinelMaster = orDefault(sentinelMaster, "");
        sentinels = List.copyOf(orDefault(sentinels, List.of()));
        if (!sentinelMaster.isEmpty() && sentinels.isEmpty()) {
            throw ConfigRules.bad("store.redis.sentinels", "empty while sentinel_master is set",
                    "list the sentinels as host:port, e.g. [10.0.0.5:26379, 10.0.0.6:26379]");
        }
        for (String sentinel : sentinels) {
            if (!sentinel.matches("[^:\\s]+:\\d{1,5}")) {
                throw ConfigRules.bad("store.redis.sentinels", "'" + sentinel + "' is not host:port",
                        "write each sentinel as host:port, e.g. 10.0.0.5:26379");
            }
        }
    }
}
