package io.moonlight.gateway.signaling;

import java.util.Locale;

/** Which end of a session a signaling connection is: the user's browser tab or the session's agent. */
enum Role {
    BROWSER, AGENT;

    /** The name in the protocol ({@code "browser"}, {@code "agent"}). */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
