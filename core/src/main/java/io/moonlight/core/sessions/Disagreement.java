package io.moonlight.core.sessions;

/**
 * Where the store and the scheduler disagreed, found while listing: a live session the
 * {@link Reconciler} changed (its job gone, not ready in time, its supervisor silent), or a
 * moonlight job that no live session owns (left as it is; {@code moonlight cleanup} deals with it).
 */
public record Disagreement(String sessionId, String jobId, String description) {
}
