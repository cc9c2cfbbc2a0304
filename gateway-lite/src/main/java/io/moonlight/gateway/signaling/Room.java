package io.moonlight.gateway.signaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A session on the hub: its owner's one browser and its one agent (each null while not connected),
 * its view-only browsers, and the agent's last reported input-drop counts, kept while the room is
 * empty for a while so that an agent that reconnects is not counted twice. Any of its peers may be
 * on another gateway ({@link RemotePeer}); the room knows of those only while it holds a
 * {@link Connection} of this gateway. Guarded by the hub.
 */
final class Room {
    Peer browser;
    Peer agent;
    /** The view-only browsers by peer id, in the order they joined. */
    final Map<String, Peer> viewers = new LinkedHashMap<>();
    private final Map<String, Long> inputDrops = new HashMap<>();
    private Instant emptySince;

    Peer other(Role role) {
        return role == Role.BROWSER ? agent : browser;
    }

    void set(Role role, Peer peer) {
        if (role == Role.BROWSER) {
            browser = peer;
        } else {
            agent = peer;
        }
    }

    Peer get(Role role) {
        return role == Role.BROWSER ? browser : agent;
    }

    /** How many viewers watch through the share {@code shareId}, on any gateway. */
    long viewersOf(String shareId) {
        return viewers.values().stream().filter(v -> v.shareId().map(shareId::equals).orElse(false)).count();
    }

    /** The owner's browser (if there) and every viewer. */
    List<Peer> browsers() {
        List<Peer> browsers = new ArrayList<>();
        if (browser != null) {
            browsers.add(browser);
        }
        browsers.addAll(viewers.values());
        return browsers;
    }

    /** The browser, the owner's or a viewer, with this peer id; null when it is not here. */
    Peer browser(String peer) {
        return browser != null && browser.peer().equals(peer) ? browser : viewers.get(peer);
    }

    /** The peer of any role with this id; null when it is not here. */
    Peer peer(String peer) {
        return agent != null && agent.peer().equals(peer) ? agent : browser(peer);
    }

    /** Whether {@code peer} is in the room now (not replaced or gone). */
    boolean holds(Peer peer) {
        return peer.viewOnly() ? viewers.get(peer.peer()) == peer : get(peer.role()) == peer;
    }

    /** Puts {@code peer} in the room: a viewer beside the others, an owner's browser or agent in its place. */
    void add(Peer peer) {
        if (peer.viewOnly()) {
            viewers.put(peer.peer(), peer);
        } else {
            set(peer.role(), peer);
        }
    }

    /** Takes {@code peer} out of the room, then {@link #settle}s it. */
    void remove(Peer peer, Instant now) {
        forget(peer);
        settle(now);
    }

    /** When no connection of this gateway is in the room, forgets the other gateways' peers and marks it empty. */
    void settle(Instant now) {
        if (local().findAny().isEmpty()) {
            remote().toList().forEach(this::forget);
            emptySince = now;
        }
    }

    /** Its peers connected to this gateway. */
    Stream<Connection> local() {
        return all().filter(Connection.class::isInstance).map(Connection.class::cast);
    }

    /** Its peers on other gateways. */
    Stream<RemotePeer> remote() {
        return all().filter(RemotePeer.class::isInstance).map(RemotePeer.class::cast);
    }

    /** The gateways its other peers are on. */
    Set<String> gateways() {
        return remote().map(peer -> peer.presence().gateway()).collect(Collectors.toSet());
    }

    boolean emptyBefore(Instant time) {
        return all().findAny().isEmpty() && emptySince != null && emptySince.isBefore(time);
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

    private void forget(Peer peer) {
        if (peer.viewOnly()) {
            viewers.remove(peer.peer());
        } else {
            set(peer.role(), null);
        }
    }

    private Stream<Peer> all() {
        return Stream.concat(Stream.ofNullable(agent), browsers().stream());
    }
}
