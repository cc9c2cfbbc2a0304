package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionState;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The rules both stores apply inside their atomic sections, and the errors they give. */
final class StoreRules {
    private StoreRules() {
    }

    static void requireNew(Session session) {
        if (session.state() != SessionState.PENDING || session.history().size() != 1) {
            throw new IllegalArgumentException("a new session starts PENDING, not " + session.state());
        }
    }

    static void positiveBatch(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a batch deletes at least one session, not " + max);
        }
    }

    static MoonlightException alreadyExists(String id) {
        return MoonlightException.failed("session " + id + " already exists", "start it again for a new id");
    }

    static Lease sameNode(Lease held, String node) {
        if (!held.node().equals(node)) {
            throw new SessionConflictException("session " + held.sessionId() + " already holds ports on " + held.node()
                    + ", not " + node, "a session runs on one node; release its lease first");
        }
        return held;
    }

    static MoonlightException over(String id, String state) {
        return new SessionConflictException("session " + id + " is " + state + " and cannot hold ports",
                "start a new session");
    }

    static MoonlightException full(LeasePolicy policy, String node) {
        return new SessionConflictException("no free Sunshine port block on " + node + ": all " + policy.maxPerNode()
                + " are in use", "stop a session on " + node + ", or raise sunshine.max_sessions_per_node");
    }

    static MoonlightException noDisplay(String node, List<Integer> offered) {
        return new SessionConflictException("no free X display on " + node + ": "
                + (offered.isEmpty() ? "the node offered none"
                        : "the ones it found free (" + displays(offered) + ") are all leased to other sessions"),
                "stop a session on " + node + ", remove stale /tmp/.X*-lock files there, or raise supervisor.last_display");
    }

    /**
     * The lowest free base port and the lowest of the node's {@code offered} displays (ascending) that
     * no lease on the node holds.
     */
    static Lease firstFree(LeasePolicy policy, String node, String id, Set<Integer> usedPorts, Set<Integer> usedDisplays,
            List<Integer> offered) {
        for (int slot = 0; slot < policy.maxPerNode(); slot++) {
            int port = policy.basePort(slot);
            // Overlap, not equality: leases made under an older stride must still be respected.
            if (usedPorts.stream().noneMatch(used -> Math.abs(used - port) < SunshineConfig.PORT_SPAN)) {
                int display = offered.stream().filter(d -> !usedDisplays.contains(d)).findFirst()
                        .orElseThrow(() -> noDisplay(node, offered));
                return new Lease(node, id, port, display);
            }
        }
        throw full(policy, node);
    }

    private static String displays(List<Integer> displays) {
        return displays.stream().map(d -> ":" + d).collect(Collectors.joining(" "));
    }
}
