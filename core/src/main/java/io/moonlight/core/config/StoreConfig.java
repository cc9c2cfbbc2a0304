package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.nio.file.Path;
import java.util.Set;

/** Where sessions are stored: SQLite for a single host, Redis (optionally through Sentinel) for a cluster. */
public record StoreConfig(String type, Path sqlitePath, RedisConfig redis) {
    private static final Set<String> TYPES = Set.of("sqlite", "redis");

    public StoreConfig {
        type = orDefault(type, "sqlite");
        if (!TYPES.contains(type)) {
            throw ConfigRules.bad("store.type", "'" + type + "' is not a store", "use sqlite or redis");
        }
        sqlitePath = absolutePath("store.sqlite_path", sqlitePath, "/var/lib/moonlight/moonlight.db");
        redis = orDefault(redis, new RedisConfig(null, null, null, null, null, null));
    }
}
