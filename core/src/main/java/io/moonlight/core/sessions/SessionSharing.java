package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A session's view-only share link (docs/streaming.md, "View-only viewers"): its owner creates one
 * (replacing the one before, whose viewers the signaling hub then cuts off), reads it back or
 * revokes it. Admins act on other users' sessions only when the front end lets them
 * ({@code adminsShareOthers}): always in the CLI, with {@code gateway.admins_join_sessions} in the API.
 * Another user's session is unknown, as a missing one.
 */
public final class SessionSharing {
    private final SessionStore store;
    private final Clock clock;
    private final String publicUrl;
    private final boolean adminsShareOthers;

    SessionSharing(SessionStore store, Clock clock, String publicUrl, boolean adminsShareOthers) {
        this.store = store;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.adminsShareOthers = adminsShareOthers;
    }

    /** The link a viewer opens, and what it allows (times as ISO-8601 text, names in snake_case in JSON). */
    public record ShareLink(String session, String share, String url, String expiresAt, int maxViewers) {
    }

    /** A new share of the session, valid {@code lifetime} from now for up to {@code maxViewers} at once. */
    public ShareLink create(Caller caller, String id, Duration lifetime, int maxViewers) {
        Session session = owned(caller, id);
        Share share = Share.create(clock.instant(), lifetime, maxViewers);
        return link(store.share(session.id(), Optional.of(share)).id(), share);
    }

    /** The session's current share, if it has one that has not expired. */
    public Optional<ShareLink> current(Caller caller, String id) {
        Session session = owned(caller, id);
        return session.share().filter(s -> clock.instant().isBefore(s.expiresAt())).map(s -> link(session.id(), s));
    }

    /** Removes the session's share; false when it had none. Its viewers are cut off by the hub. */
    public boolean revoke(Caller caller, String id) {
        Session session = owned(caller, id);
        if (session.share().isEmpty()) {
            return false;
        }
        store.share(session.id(), Optional.empty());
        return true;
    }

    /** Reads "30m", "2h" or "1d" as a share's lifetime. */
    public static Duration lifetime(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,5}[mhd]")) {
            throw MoonlightException.badInput("'" + text + "' is not a share's lifetime",
                    "give minutes, hours or days, e.g. 30m, 2h or 1d");
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private Session owned(Caller caller, String id) {
        Session session = store.get(SessionIds.check(id)).orElseThrow(() -> new UnknownSessionException(id));
        if (!session.user().equals(caller.name()) && !(caller.admin() && adminsShareOthers)) {
            throw new UnknownSessionException(id);
        }
        return session;
    }

    private ShareLink link(String id, Share share) {
        return new ShareLink(id, share.id(), publicUrl + "/moonlight/?session=" + id + "&share=" + share.id(),
                share.expiresAt().toString(), share.maxViewers());
    }
}
