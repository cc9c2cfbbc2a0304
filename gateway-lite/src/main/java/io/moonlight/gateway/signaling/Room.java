package io.moonlight.gateway.signaling;

import io.moonlight.core.session.Share;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session on the hub: its owner's one browser and its one agent (each null while not connected),
 * its view-only browsers, and the agent's last reported input-drop counts, kept while the room is
 * empty for a while so that an agent that reconnects is not counted twice. Guarded by the hub.
 */
final class Room {
    Connection browser;
    Connection agent;
    /** The view-only browsers by peer id, in the order they joined. */
    final Map<String, Connection> viewers = new LinkedHashMap<>();
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

    /** How many viewers watch through {@code share}. */
    long viewersOf(Share share) {
        return viewers.values().stream().filter(v -> v.admitted().share().map(s -> s.id().equals(share.id())).orElse(false))
                .count();
    }

    /** The owner's browser (if there) and every viewer. */
    List<Connection> browsers() {
        List<Connection> browsers = new ArrayList<>();
        if (browser != null) {
            browsers.add(browser);
        }
        browsers.addAll(viewers.values());
        return browsers;
    }

    /** The browser, the owner's or a viewer, with this peer id; null when it is not here. */
    Connection browser(String peer) {
        return browser != null && browser.peer().equals(peer) ? browser : viewers.get(peer);
    }

    /** Whether {@code connection} is in the room now (not replaced or gone). */
    boolean holds(Connection connection) {
        Admitted admitted = connection.admitted();
        return admitted.viewOnly() ? viewers.get(connection.peer()) == connection : get(admitted.role()) == connection;
    }

    /** Takes {@code connection} out of the room, and marks the time the room became empty, if it is. */
    void remove(Connection connection, Instant now) {
        if (connection.admitted().viewOnly()) {
            viewers.remove(connection.peer());
        } else {
            set(connection.admitted().role(), null);
        }
        if (isEmpty()) {
            emptySince = now;
        }
    }

    boolean emptyBefore(Instant time) {
        return isEmpty() && emptySince != null && emptySince.isBefore(time);
    }

    private boolean isEmpty() {
        return browser == null && agent == null && viewers.isEmpty();
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
