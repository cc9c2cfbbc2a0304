package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.util.Arrays;
import java.util.Optional;

/** The system's users and groups as the node sees them (files, LDAP, SSSD): through getent and id. */
public final class UserDirectory {
    private final CommandRunner runner;

    public UserDirectory(CommandRunner runner) {
        this.runner = runner;
    }

    /** A user account as the name service has it: its uid and login shell. */
    public record Account(int uid, String shell) {
        /** nologin or false: an account for a service, which no one logs in as. */
        public boolean canLogIn() {
            return !shell.endsWith("/nologin") && !shell.endsWith("/false");
        }
    }

    /** The user's account, or empty when the system has no such user. */
    public Optional<Account> account(String user) {
        ExecResult result = runner.run(ExternalCommand.of("getent", "passwd", user).asReadOnly());
        if (result.exitCode() == 2) {
            return Optional.empty();
        }
        String line = result.orFail("looking up user " + user, "check the name service (getent passwd)")
                .stdout().lines().findFirst().orElse("");
        String[] fields = line.split(":", -1);
        if (fields.length < 7 || !fields[0].equals(user)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Account(Integer.parseInt(fields[2]), fields[6]));
        } catch (NumberFormatException e) {
            throw MoonlightException.failed("getent passwd " + user + " gave no uid: " + line, null);
        }
    }

    public boolean inGroup(String user, String group) {
        ExecResult result = runner.run(ExternalCommand.of("id", "-nG", user).asReadOnly());
        return result.succeeded() && Optional.of(result.stdout().strip())
                .map(groups -> Arrays.asList(groups.split("\\s+")).contains(group)).orElse(false);
    }
}
