package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.SessionState;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One page of a listing, oldest first: the sessions of {@code user} (everyone's when empty) in one of
 * {@code states}, after {@code after}, at most {@code limit} of them. The stores read only that page.
 */
public record SessionFilter(Optional<String> user, Set<SessionState> states, Optional<SessionCursor> after, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    /** A page is an answer to hold in memory and send at once: bounded, however many are stored. */
    public static final int MAX_LIMIT = 1000;

    public SessionFilter {
        user.ifPresent(Names::user);
        states = Set.copyOf(states);
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a listing needs at least one state");
        }
        checkLimit(limit);
    }

    /**
     * A filter from a listing's options as given (each may be absent): {@code state} by name, else the
     * live states, or every state with {@code all}; the page after {@code cursor}; {@code limit}
     * sessions, {@link #DEFAULT_LIMIT} when absent.
     */
    public static SessionFilter of(boolean all, Optional<String> state, Optional<String> user, Optional<String> cursor,
            OptionalInt limit) {
        return new SessionFilter(user, states(all, state.map(SessionFilter::state)), cursor.map(SessionCursor::decode),
                limit.orElse(DEFAULT_LIMIT));
    }

    /** Refuses a page size the stores would not serve. */
    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw MoonlightException.badInput("limit " + limit + " is out of range",
                    "give a page size from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")");
        }
        return limit;
    }

    /** {@code state} when given; else every state with {@code all}, the live ones without. */
    private static Set<SessionState> states(boolean all, Optional<SessionState> state) {
        if (state.isPresent()) {
            return EnumSet.of(state.get());
        }
        return all ? EnumSet.allOf(SessionState.class)
                : Arrays.stream(SessionState.values()).filter(SessionState::isActive)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(SessionState.class)));
    }

    /** A state by name, in any case; another word is a bad-input error listing the states. */
    private static SessionState state(String name) {
        try {
            return SessionState.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MoonlightException.badInput("unknown session state '" + name + "'",
                    "give one of " + Arrays.toString(SessionState.values()));
        }
    }

    public SessionFilter forUser(String name) {
        return new SessionFilter(Optional.of(name), states, after, limit);
    }

    boolean allStates() {
        return states.size() == SessionState.values().length;
    }
}
