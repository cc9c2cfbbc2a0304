package io.moonlight.gateway.signaling;

import io.moonlight.core.session.Session;
import io.moonlight.core.session.Share;
import java.util.Optional;

/**
 * What an accepted hello proved: the role, the session it joins, who is behind it (the user's login
 * name, or "agent"), for a browser whether it only watches (a view-only viewer beside the owner), and
 * for a viewer the share it came with (empty for an admin who watches by configuration).
 */
record Admitted(Role role, Session session, String who, boolean viewOnly, Optional<Share> share) {
    /** How the log names it: "browser of alice", "view-only browser of root", "agent". */
    String name() {
        return role.nameOf(who, viewOnly);
    }
}
