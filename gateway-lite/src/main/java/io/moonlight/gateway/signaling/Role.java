package io.moonlight.gateway.signaling;

import java.util.Locale;

/** Which end of a session a signaling connection is: the user's browser tab or the session's agent. */
enum Role {
    BROWSER, AGENT;

    /** The name in the protocol ({@code "browser"}, {@code "agent"}). */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How the log names a peer of this role: "browser of alice", "view-only browser of root", "agent". */
    String nameOf(String who, boolean viewOnly) {
        return this == AGENT ? who : (viewOnly ? "view-only browser of " : "browser of ") + who;
    }
}
