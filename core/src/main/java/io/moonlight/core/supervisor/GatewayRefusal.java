package io.moonlight.core.supervisor;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;

/**
 * The gateway answered a report with a refusal (not a restart): its HTTP status says why, e.g. 409
 * for a session that is already over.
 */
public final class GatewayRefusal extends MoonlightException {
    private final int status;

    GatewayRefusal(int status, String message, String hint) {
        super(ExitCode.ERROR, message, hint);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The session ended or failed meanwhile (stopped by an admin, found by cleanup): nothing is to run. */
    public boolean sessionOver() {
        return status == 409;
    }
}
