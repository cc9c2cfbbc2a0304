package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page of a listing ends: the last session's creation time and id, the order every listing
 * has. A page that starts after it is stable under inserts and deletes (a new session sorts last,
 * nothing shifts). Handed out as opaque text so that callers do not build their own.
 */
public record SessionCursor(Instant createdAt, String id) {

    static SessionCursor after(Session session) {
        return new SessionCursor(session.createdAt(), session.id());
    }

    /** The position as it sorts in the stores: stored time, a space, the id. */
    String key() {
        return StoredTimes.format(createdAt) + " " + id;
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key().getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor as {@link #encode} wrote it; anything else is a bad-input error. */
    public static SessionCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(" ", -1);
            if (parts.length == 2) {
                return new SessionCursor(StoredTimes.parse(parts[0]), SessionIds.check(parts[1]));
            }
        } catch (IllegalArgumentException | DateTimeParseException | MoonlightException e) {
            // Falls through to the one error below: the caller needs no more than "not a cursor".
        }
        throw MoonlightException.badInput("cursor '" + text + "' is not one a listing handed out",
                "pass the next cursor of the previous page as it is, or leave it out for the first page");
    }
}
