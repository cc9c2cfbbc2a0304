package io.moonlight.gateway.signaling;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session on the hub: its one browser and its one agent (each null while not connected), and the
 * agent's last reported input-drop counts, kept while the room is empty for a while so that an
 * agent that reconnects is not counted twice. Guarded by the hub.
 */
final class Room {
    Connection browser;
    Connection agent;
    private final Map<String, Long> inputDrops = new HashMap<>();
    private Instant emptySince;

    Connection other(Role role) {
        return role == Role.BROWSER ? agent : browser;
    }

    void set(Role role, Connection connection) {
        if (role == Role.BROWSER) {
            browser = connection;
        } else {
            agent = connection;
        }
    }

    Connection get(Role role) {
        return role == Role.BROWSER ? browser : agent;
    }

    /** Marks the time the room became empty, if it is. */
    void left(Instant now) {
        if (browser == null && agent == null) {
            emptySince = now;
        }
    }

    boolean emptyBefore(Instant time) {
        return browser == null && agent == null && emptySince != null && emptySince.isBefore(time);
    }

    /**
     * How much each count grew since the agent's last report. A count below the last one means the
     * agent restarted (its counts start again at 0): then all of it is new.
     */
    Map<String, Long> inputDropIncreases(Map<String, Long> counts) {
        Map<String, Long> increases = new LinkedHashMap<>();
        counts.forEach((reason, count) -> {
            long last = inputDrops.getOrDefault(reason, 0L);
            increases.put(reason, count >= last ? count - last : count);
            inputDrops.put(reason, count);
        });
        return increases;
    }
}
