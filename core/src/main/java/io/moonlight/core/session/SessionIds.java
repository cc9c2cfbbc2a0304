package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Session ids: {@code ml-USER-<yyyyMMddHHmmss UTC>-<6 base32 characters>}. The user and the time
 * make an id readable in squeue and directory listings; the random part keeps two starts in the
 * same second apart. Clock and random source are injected so tests get exact ids.
 */
public final class SessionIds {
    private static final Pattern ID = Pattern.compile("ml-([a-z_][a-z0-9_.-]{0,31})-[0-9]{14}-[a-z2-7]{6}");
    /** A well-formed id no session can have (no session starts in year 0): a cheap lookup that finds nothing. */
    public static final String NEVER_ISSUED = "ml-moonlight-00000000000000-aaaaaa";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private final Clock clock;
    private final RandomGenerator random;

    public SessionIds(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public String next(String user) {
        StringBuilder id = new StringBuilder("ml-").append(Names.user(user)).append('-')
                .append(TIME.format(clock.instant())).append('-');
        for (int i = 0; i < 6; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    /** The id itself, or a bad-input error: ids end up in keys, paths and job names. */
    public static String check(String id) {
        matching(id);
        return id;
    }

    /** The user the (checked) id was issued to: its owner is part of it, so finding it needs no lookup. */
    public static String user(String id) {
        return matching(id).group(1);
    }

    private static Matcher matching(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            throw MoonlightException.badInput("'" + Names.printable(id) + "' is not a session id",
                    "session ids look like ml-alice-20250101120000-abc234; see 'moonlight session list'");
        }
        return m;
    }
}
