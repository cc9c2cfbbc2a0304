package io.moonlight.core.session;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;

/**
 * A well-formed request that the session's state, or the user's other sessions, do not allow now:
 * READY after ENDED, pairing before READY, a start beyond the per-user limit. The gateway answers 409.
 */
public class SessionConflictException extends MoonlightException {
    public SessionConflictException(String message, String hint) {
        super(ExitCode.ERROR, message, hint);
    }
}
