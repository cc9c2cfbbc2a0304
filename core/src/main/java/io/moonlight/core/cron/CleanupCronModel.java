package io.moonlight.core.cron;

import io.moonlight.core.MoonlightException;

/**
 * What the cleanup cron file says: the launcher cron runs (as root), the configuration file it
 * reads, the log file its output goes to (its directory is made when missing, or cron's shell could
 * not open it and cleanup would never run) and the lock that keeps two runs from overlapping.
 */
public record CleanupCronModel(String launcher, String configFile, String logFile, String lockFile) {
    public CleanupCronModel {
        plainPath("--launcher", launcher);
        plainPath("the configuration file", configFile);
        plainPath("the log file (paths.log_dir)", logFile);
        plainPath("the lock file", lockFile);
    }

    public String logDir() {
        return logFile.substring(0, logFile.lastIndexOf('/'));
    }

    /** cron splits at white space and turns '%' into a newline: such paths are refused, not quoted. */
    private static void plainPath(String what, String path) {
        if (path == null || !path.matches("/[A-Za-z0-9._/+-]*")) {
            throw MoonlightException.badInput(what + " '" + path + "' is not a plain absolute path",
                    "use a path from / with letters, digits and . _ - + only");
        }
    }
}
