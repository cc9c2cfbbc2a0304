package io.moonlight.gateway.signaling;

import io.moonlight.core.session.Session;

/** What an accepted hello proved: the role, the session it joins, and who is behind it (the user's login name, or "agent"). */
record Admitted(Role role, Session session, String who) {
    /** How the log names it: "browser of alice", "agent". */
    String name() {
        return role == Role.BROWSER ? "browser of " + who : who;
    }
}
