package io.moonlight.core.slurm;

import io.moonlight.core.MoonlightException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time limit in one of Slurm's formats: "M", "M:S", "H:M:S", "D-H", "D-H:M", "D-H:M:S".
 * Rendered back as Slurm prints it ("8:00:00", "1-00:00:00").
 */
public record SlurmDuration(Duration duration) {
    private static final Pattern FORMAT =
            Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

    public SlurmDuration {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a Slurm time limit must be positive");
        }
    }

    /** Parses {@code text}; {@code what} names the option or key in the error. */
    public static SlurmDuration parse(String what, String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw malformed(what, text);
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long a = Long.parseLong(m.group(2));
        Long b = m.group(3) == null ? null : Long.parseLong(m.group(3));
        Long c = m.group(4) == null ? null : Long.parseLong(m.group(4));
        long seconds;
        if (m.group(1) != null) {
            // D-H, D-H:M, D-H:M:S
            seconds = days * 86400 + a * 3600 + (b == null ? 0 : b * 60) + (c == null ? 0 : c);
            if (a > 23 || (b != null && b > 59) || (c != null && c > 59)) {
                throw malformed(what, text);
            }
        } else if (c != null) {
            seconds = a * 3600 + b * 60 + c; // H:M:S
            if (b > 59 || c > 59) {
                throw malformed(what, text);
            }
        } else if (b != null) {
            seconds = a * 60 + b; // M:S
            if (b > 59) {
                throw malformed(what, text);
            }
        } else {
            seconds = a * 60; // M
        }
        if (seconds == 0) {
            throw MoonlightException.badInput(what + " must be longer than zero: '" + text + "'",
                    "give a time such as 8:00:00 (8 hours) or 1-00:00:00 (1 day)");
        }
        return new SlurmDuration(Duration.ofSeconds(seconds));
    }

    private static MoonlightException malformed(String what, String text) {
        return MoonlightException.badInput("malformed " + what + " '" + text + "'",
                "use a Slurm time: MINUTES, H:MM:SS or D-HH:MM:SS, e.g. 8:00:00");
    }

    /** Slurm's own spelling: H:MM:SS below a day, D-HH:MM:SS from one day on. */
    public String toSlurm() {
        long s = duration.toSeconds();
        long days = s / 86400;
        long h = (s % 86400) / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return days > 0 ? String.format("%d-%02d:%02d:%02d", days, h, m, sec)
                : String.format("%d:%02d:%02d", h, m, sec);
    }

    public long minutes() {
        return duration.toMinutes();
    }

    @Override
    public String toString() {
        return toSlurm();
    }
}
