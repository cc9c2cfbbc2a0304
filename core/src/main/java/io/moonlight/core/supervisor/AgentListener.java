package io.moonlight.core.supervisor;

import io.moonlight.core.session.AgentState;

/**
 * Told what a session's streaming agent is doing: started ({@code running}), ended and about to be
 * started again ({@code restarting}), given up ({@code failed}), or not run at all ({@code off}). Called
 * on the thread that saw it (e.g. the one a process's exit is reported on): it must not block.
 */
@FunctionalInterface
public interface AgentListener {

    /** @param reason one line, empty when nothing needs saying */
    void agent(AgentState state, String reason);
}
