package io.moonlight.core;

/** What a step did, or would do, to its target. */
public enum ChangeStatus {
    CHANGED,
    UNCHANGED,
    /** {@code --dry-run}: the step would change its target. */
    WOULD_CHANGE,
    /** {@code --check}: the live state differs from the wanted state. */
    DRIFTED,
    SKIPPED,
    FAILED
}
