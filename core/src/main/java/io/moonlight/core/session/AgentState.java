package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a session's streaming agent (the browsers' way to its desktop) is doing, as its supervisor reports it. */
public enum AgentState {
    /** Started (again): browsers can connect. */
    RUNNING,
    /** It ended and is started again shortly. */
    RESTARTING,
    /** It ended too often and was given up: browsers cannot show the session, the desktop goes on. */
    FAILED,
    /** The site's sessions run no agent (or this one could not have one): browsers cannot show it. */
    OFF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentState parse(String text) {
        for (AgentState state : values()) {
            if (state.id().equals(text)) {
                return state;
            }
        }
        throw MoonlightException.badInput("'" + text + "' is not an agent state", "use one of "
                + Arrays.stream(values()).map(AgentState::id).collect(Collectors.joining(", ")));
    }
}
