package io.moonlight.core.session;

/** The user already has as many active sessions as allowed. */
public final class SessionLimitException extends SessionConflictException {
    public SessionLimitException(String user, int limit) {
        super("user " + user + " already has " + limit + " active session" + (limit == 1 ? "" : "s")
                + ", the limit", "stop one first with 'moonlight session stop ID'");
    }
}
