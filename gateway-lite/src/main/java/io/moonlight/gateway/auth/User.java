package io.moonlight.gateway.auth;

import java.util.Set;

/** A portal user the gateway let in: the login name, the token's groups, and whether an admin group is among them. */
public record User(String name, Set<String> groups, boolean admin) {
    public User {
        groups = Set.copyOf(groups);
    }

    /** Admins see every session; users only their own. */
    public boolean maySee(String sessionUser) {
        return admin || name.equals(sessionUser);
    }
}
