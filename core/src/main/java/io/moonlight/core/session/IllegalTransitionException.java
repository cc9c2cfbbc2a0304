package io.moonlight.core.session;

/** A state change the life cycle does not allow, e.g. READY after ENDED, or FAILED without a reason. */
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
}
