package io.moonlight.gateway.signaling;

import io.moonlight.core.session.Session;

/**
 * What an accepted hello proved: the role, the session it joins, who is behind it (the user's login
 * name, or "agent"), and for a browser whether it only watches (a view-only viewer beside the owner).
 */
record Admitted(Role role, Session session, String who, boolean viewOnly) {
    /** How the log names it: "browser of alice", "view-only browser of root", "agent". */
    String name() {
        return role == Role.AGENT ? who : (viewOnly ? "view-only browser of " : "browser of ") + who;
    }
}
