package io.moonlight.core.session;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;

/** The user already has as many active sessions as allowed. */
public final class SessionLimitException extends MoonlightException {
    public SessionLimitException(String user, int limit) {
        super(ExitCode.ERROR, "user " + user + " already has " + limit + " active session" + (limit == 1 ? "" : "s")
                + ", the limit", "stop one first with 'moonlight session stop ID'");
    }
}
