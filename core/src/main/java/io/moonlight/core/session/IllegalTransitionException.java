package io.moonlight.core.session;

/**
 * A state change the life cycle does not allow, e.g. READY after ENDED, or FAILED without a reason;
 * or a sign of life (a heartbeat) from a session that is already over.
 */
public final class IllegalTransitionException extends SessionConflictException {
    private IllegalTransitionException(String message, String hint) {
        super(message, hint);
    }

    public static void check(String id, SessionState from, SessionState to, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException("session " + id + " cannot go from " + from + " to " + to,
                    from.isFinal() ? "the session is over; start a new one" : "from " + from + " it can go to " + from.next());
        }
        if (to == SessionState.FAILED && (reason == null || reason.isBlank())) {
            throw new IllegalTransitionException("session " + id + " cannot fail without a reason",
                    "say why it failed");
        }
    }

    /** A heartbeat of a session that ended or failed: the session is over, its supervisor should stop. */
    public static IllegalTransitionException over(String id, SessionState state) {
        return new IllegalTransitionException("session " + id + " is " + state + " and takes no more heartbeats",
                "the session is over: stop its processes; start a new one");
    }

    /** A share of a session that is over: nobody can watch it any more. */
    public static IllegalTransitionException notShared(String id, SessionState state) {
        return new IllegalTransitionException("session " + id + " is " + state + ": only a live session is shared",
                "start a new session and share that one");
    }

    /** A report about the agent of a session that is not STARTING or READY: nothing runs it any more (or yet). */
    public static IllegalTransitionException noAgent(String id, SessionState state) {
        return new IllegalTransitionException("session " + id + " is " + state + ": its agent is reported only while"
                + " it is STARTING or READY", "report the agent from the session's running job");
    }
}
