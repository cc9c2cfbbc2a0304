package io.moonlight.core.sessions;

import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.time.Clock;

/** List, show and cleanup agree over the SQLite store. */
class ReconcilerSqliteTest extends ReconcilerContract {
    private int stores;

    @Override
    SessionStore openEmptyStore(Clock clock) {
        return StoreFactory.open(new StoreConfig("sqlite", temp.resolve("store-" + stores++ + ".db"), null),
                config.sunshine(), clock);
    }
}
