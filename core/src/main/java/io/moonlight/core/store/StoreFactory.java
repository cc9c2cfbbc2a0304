package io.moonlight.core.store;

import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.session.LeasePolicy;
import java.time.Clock;

/** Opens the store the configuration names. */
public final class StoreFactory {
    private StoreFactory() {
    }

    public static SessionStore open(StoreConfig store, SunshineConfig sunshine, Clock clock) {
        return switch (store.type()) {
            case "redis" -> RedisSessionStore.open(store.redis(), sunshine, clock);
            case "sqlite" -> SqliteSessionStore.open(store.sqlitePath(), LeasePolicy.of(sunshine), clock);
            default -> throw new IllegalArgumentException("store type " + store.type());
        };
    }
}
