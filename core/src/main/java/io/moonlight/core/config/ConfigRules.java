package io.moonlight.core.config;

import io.moonlight.core.MoonlightException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The checks configuration values go through; each error names the key and why. */
final class ConfigRules {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ConfigRules() {
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static int port(String key, Integer value, int fallback) {
        int port = orDefault(value, fallback);
        if (port < 1 || port > 65535) {
            throw bad(key, port + " is not a TCP/UDP port", "use a number from 1 to 65535");
        }
        return port;
    }

    static int atLeast(String key, Integer value, int fallback, int minimum, String why) {
        int number = orDefault(value, fallback);
        if (number < minimum) {
            throw bad(key, number + " is below " + minimum, why);
        }
        return number;
    }

    /**
     * The path as a file path, the one place a configured path is resolved: {@code ~/} is the home
     * directory of the user running moonlight; any other relative path is an error (relative to what
     * a cron job, the gateway's unit and an admin's shell each see as the current directory, it would
     * name three different files).
     */
    static Path absolutePath(String key, Path value, String fallback) {
        Path path = value == null ? Path.of(fallback) : value;
        if (path.getNameCount() > 0 && path.getName(0).toString().equals("~") && !path.isAbsolute()) {
            Path home = Path.of(System.getProperty("user.home"));
            return path.getNameCount() == 1 ? home : home.resolve(path.subpath(1, path.getNameCount()));
        }
        if (!path.isAbsolute()) {
            throw bad(key, "'" + path + "' is not an absolute path", "start it with / (or ~/ for the home directory)");
        }
        return path;
    }

    /** An optional path: absent (null) when not given or empty, else as {@link #absolutePath}. */
    static Path optionalPath(String key, Path value) {
        return value == null || value.toString().isEmpty() ? null : absolutePath(key, value, null);
    }

    /** An identifier that ends up in file names, job names or Slurm objects. */
    static String name(String key, String value, String fallback) {
        String name = orDefault(value, fallback);
        if (!NAME.matcher(name).matches()) {
            throw bad(key, "'" + name + "' is not a plain name", "use letters, digits, '.', '_' and '-' only");
        }
        return name;
    }

    /** The existing VNC service's names are never ours to touch. */
    static String notVnc(String key, String value) {
        String base = value.substring(value.lastIndexOf('/') + 1);
        if (base.toLowerCase().startsWith("vnc")) {
            throw bad(key, "'" + value + "' belongs to the VNC service", "pick a name that does not start with vnc");
        }
        return value;
    }

    static Path notVnc(String key, Path value) {
        notVnc(key, value.toString());
        return value;
    }

    static MoonlightException bad(String key, String what, String hint) {
        return MoonlightException.badInput("configuration key '" + key + "': " + what, hint);
    }
}
