package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.util.regex.Pattern;

/**
 * The names a session carries into store keys, file paths and Slurm arguments. Each is checked
 * against a strict pattern so that no separator, metacharacter or ".." can get through.
 */
public final class Names {
    /**
     * Login names as useradd accepts them by default (lower case, at most 32), plus '.' after the first
     * character for directory-joined sites (john.doe); never "." or "..".
     */
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9-]{1,63})*");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private Names() {
    }

    public static String user(String user) {
        return check(USER, user, "user name", "use a login name: lower-case letters, digits, '_', '.' and '-', at most 32");
    }

    public static String node(String node) {
        return check(NODE, node, "node name", "use the node's host name as Slurm reports it, e.g. viz01");
    }

    /** A scheduler's job id: Slurm's number (or array task, 4711_3), or the local scheduler's id. */
    public static String jobId(String jobId) {
        return check(JOB_ID, jobId, "job id", "use the id sbatch printed, e.g. 4711");
    }

    public static String image(String image) {
        return check(IMAGE, image, "image id", "use an image id from the configuration, e.g. xfce4");
    }

    private static String check(Pattern pattern, String value, String what, String hint) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw MoonlightException.badInput("'" + printable(value) + "' is not a valid " + what, hint);
        }
        return value;
    }

    /** Shows control characters as '?' so a hostile value cannot forge lines in a terminal or a log. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
