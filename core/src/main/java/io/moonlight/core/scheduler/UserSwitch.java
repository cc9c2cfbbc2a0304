package io.moonlight.core.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as the session's user, so that the job, its files and its processes are the
 * user's own: as root through {@code runuser} (no password, no PAM session), as a service account
 * through {@code sudo -n} (which fails at once instead of asking for a password when not allowed),
 * and as the user itself directly.
 */
public record UserSwitch(String currentUser) {

    /** The switch for the user this process runs as. */
    public static UserSwitch ofThisProcess() {
        return new UserSwitch(System.getProperty("user.name"));
    }

    public boolean isRoot() {
        return "root".equals(currentUser);
    }

    /** Whether a command for {@code user} needs no switch: it is this process's own user. */
    public boolean isSelf(String user) {
        return currentUser.equals(user);
    }

    public List<String> argv(String user, List<String> command) {
        if (isSelf(user)) {
            return command;
        }
        List<String> argv = new ArrayList<>(isRoot() ? List.of("runuser", "-u", user, "--")
                : List.of("sudo", "-n", "-u", user, "--"));
        argv.addAll(command);
        return argv;
    }
}
