package io.moonlight.core.slurm;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Slurm's accounting objects through {@code sacctmgr}: reads with a fixed parsable format, and the
 * few changes moonlight makes (its QoS, and that QoS on associations). Reads run under
 * {@code --dry-run} too; changes are only recorded there.
 */
public final class SacctmgrClient {
    private static final String PROGRAM = "sacctmgr";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String QOS_FORMAT = "format=Name,GraceTime,MaxWall,MaxJobsPU,Flags";
    private static final String ASSOC_FORMAT = "format=Account,User,QOS";

    /** One association: an account's own (empty user) or a user's in an account, with its QoS list. */
    public record Association(String account, String user, List<String> qos) {
        public Association {
            qos = List.copyOf(qos);
        }
    }

    private final CommandRunner runner;

    public SacctmgrClient(CommandRunner runner) {
        this.runner = runner;
    }

    public Optional<QosLimits> qos(String name) {
        String out = read("show", "qos", name, QOS_FORMAT);
        return parseQos(out).stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public boolean accountExists(String account) {
        return read("show", "account", account, "format=Account").lines().anyMatch(account::equals);
    }

    public boolean userExists(String user) {
        // Slurm lower-cases user names unless PreserveCaseUser is set: accept either.
        return read("show", "user", user, "format=User").lines().anyMatch(user::equalsIgnoreCase);
    }

    /** The associations of an account: its own and those of the users in it. */
    public List<Association> associationsOfAccount(String account) {
        return parseAssociations(read("show", "assoc", "where", "account=" + account, ASSOC_FORMAT));
    }

    /** The associations of a user, one per account the user is in. */
    public List<Association> associationsOfUser(String user) {
        return parseAssociations(read("show", "assoc", "where", "user=" + user, ASSOC_FORMAT));
    }

    /** {@code Name=value} settings, e.g. {@code GraceTime=60}. */
    public void addQos(String name, List<String> settings) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "-i", "add", "qos", name));
        argv.addAll(settings);
        change(argv, "adding QoS " + name);
    }

    public void modifyQos(String name, List<String> settings) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "-i", "modify", "qos", name, "set"));
        argv.addAll(settings);
        change(argv, "modifying QoS " + name);
    }

    /** Adds the QoS to the account's associations (its own and its users'). */
    public void grantToAccount(String account, String qos) {
        change(List.of(PROGRAM, "-i", "modify", "account", account, "set", "qos+=" + qos),
                "adding QoS " + qos + " to account " + account);
    }

    /** Adds the QoS to every association of the user. */
    public void grantToUser(String user, String qos) {
        change(List.of(PROGRAM, "-i", "modify", "user", user, "set", "qos+=" + qos),
                "adding QoS " + qos + " to user " + user);
    }

    static List<QosLimits> parseQos(String output) {
        return SacctmgrTable.parse(output, 5).stream()
                .map(f -> new QosLimits(f.get(0), orZero(SacctmgrTable.seconds(f.get(1))),
                        SacctmgrTable.seconds(f.get(2)), SacctmgrTable.count(f.get(3)), SacctmgrTable.list(f.get(4))))
                .toList();
    }

    static List<Association> parseAssociations(String output) {
        return SacctmgrTable.parse(output, 3).stream()
                .map(f -> new Association(f.get(0), f.get(1), SacctmgrTable.list(f.get(2))))
                .toList();
    }

    private static long orZero(Long seconds) {
        return seconds == null ? 0 : seconds;
    }

    private String read(String... words) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "-n", "-P"));
        argv.addAll(List.of(words));
        ExecResult result = run(ExternalCommand.of(argv).withTimeout(TIMEOUT).asReadOnly());
        if (!result.succeeded()) {
            throw MoonlightException.unavailable("cannot read Slurm's accounting data: " + result.complaint(),
                    "check that slurmdbd is running and reachable: 'sacctmgr show cluster'");
        }
        return result.stdout();
    }

    private void change(List<String> argv, String what) {
        run(ExternalCommand.of(argv).withTimeout(TIMEOUT)).orFail(what,
                "changes need a Slurm administrator: run as root or as a user with an AdminLevel");
    }

    private ExecResult run(ExternalCommand command) {
        try {
            return runner.run(command);
        } catch (MoonlightException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw MoonlightException.unavailable("sacctmgr not found on " + runner.target(),
                        "install Slurm's client commands (Debian: slurm-client) and put sacctmgr on PATH");
            }
            throw e;
        }
    }
}
