package io.moonlight.core.slurm;

import io.moonlight.core.MoonlightException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The QoS moonlight's sessions run under, as the operator wants it, and the Slurm accounts and
 * users that may use it. Everything is checked here, before anything is read or changed.
 */
public record QosRequest(String name, int graceSeconds, SlurmDuration maxWall, Integer maxJobsPerUser,
        List<String> grantAccounts, List<String> grantUsers) {

    /** The flag that makes sbatch refuse a job over a limit at once instead of leaving it pending. */
    public static final String DENY_ON_LIMIT = "DenyOnLimit";

    // Plain names only: they end up as sacctmgr arguments and in Slurm's database.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public QosRequest {
        checkName("QoS name", name);
        notVnc("QoS name", name);
        // Slurm keeps QoS and account names in lower case: compare and report them as it does.
        name = name.toLowerCase(Locale.ROOT);
        if (graceSeconds < 0) {
            throw MoonlightException.badInput("grace time " + graceSeconds + " s is negative",
                    "give 0 or more seconds for --grace-seconds");
        }
        if (maxJobsPerUser != null && maxJobsPerUser < 1) {
            throw MoonlightException.badInput("max jobs per user " + maxJobsPerUser + " is below 1",
                    "give 1 or more for --max-jobs-per-user, or leave it out for no limit");
        }
        for (String account : grantAccounts) {
            checkName("account", account);
            notVnc("account", account);
        }
        grantAccounts = grantAccounts.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
        grantUsers = grantUsers.stream().distinct().toList();
        for (String user : grantUsers) {
            checkName("user", user);
        }
    }

    /** Parses the wall time limit from the option {@code --max-wall} (a Slurm time). */
    public static QosRequest of(String name, int graceSeconds, String maxWall, Integer maxJobsPerUser,
            List<String> grantAccounts, List<String> grantUsers) {
        return new QosRequest(name, graceSeconds, SlurmDuration.parse("--max-wall", maxWall), maxJobsPerUser,
                grantAccounts, grantUsers);
    }

    private static void checkName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw MoonlightException.badInput(what + " '" + value + "' is not a plain name",
                    "use letters, digits, '.', '_' and '-' only, starting with a letter or digit");
        }
    }

    private static void notVnc(String what, String value) {
        if (value.toLowerCase().startsWith("vnc")) {
            throw MoonlightException.badInput(what + " '" + value + "' belongs to the VNC service",
                    "pick a name that does not start with vnc");
        }
    }
}
