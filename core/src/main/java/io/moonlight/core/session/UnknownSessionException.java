package io.moonlight.core.session;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;

/** No session has this id (or it was deleted). */
public final class UnknownSessionException extends MoonlightException {
    public UnknownSessionException(String id) {
        super(ExitCode.USAGE, "no session " + id, "see 'moonlight session list' for the sessions there are");
    }
}
