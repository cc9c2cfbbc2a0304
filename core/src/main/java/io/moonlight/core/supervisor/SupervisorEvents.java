package io.moonlight.core.supervisor;

/**
 * What a supervised session tells the outside (the gateway): READY with its endpoints, what its agent
 * is doing, then how it ended.
 */
public interface SupervisorEvents extends AgentListener {

    void ready(SessionEndpoints endpoints);

    /** Called once, after everything was stopped; a SIGTERM'd JVM waits for it to return. */
    void ended(SupervisorOutcome outcome);
}
