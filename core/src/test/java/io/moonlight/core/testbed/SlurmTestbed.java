package io.moonlight.core.testbed;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real single-node Slurm cluster of testbed/slurm/testbed.sh, as tests see it: its
 * slurm.conf, a runner whose commands talk to it, and a Unix user with a Slurm account for jobs.
 * Get one through {@link SlurmTestbedExtension}.
 */
public final class SlurmTestbed {
    /** A Unix user, also a Slurm user in {@link #TEST_ACCOUNT}: submits the tests' jobs. */
    public static final String TEST_USER = "mltest";
    public static final String TEST_ACCOUNT = "mlacct";

    private static final String SCRIPT = "testbed/slurm/testbed.sh";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path script;
    private final Path slurmConf;
    private final CommandRunner local = new ProcessCommandRunner();

    private SlurmTestbed(Path script, Path stateDir) {
        this.script = script;
        this.slurmConf = stateDir.resolve("etc/slurm.conf");
    }

    /** The testbed of this checkout, with the state directory testbed.sh uses. */
    static SlurmTestbed locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve(SCRIPT))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(SCRIPT + " not found above " + Path.of("").toAbsolutePath());
        }
        String state = System.getenv().getOrDefault("MOONLIGHT_TESTBED_DIR", "/var/tmp/moonlight-slurm-testbed");
        return new SlurmTestbed(dir.resolve(SCRIPT), Path.of(state));
    }

    /** Starts the daemons (quick when they are up) and makes the test user and account exist. */
    void start() {
        must(local.run(ExternalCommand.of(script.toString(), "start").withTimeout(START_TIMEOUT)), "testbed.sh start");
        boolean newUnixUser = !local.run(ExternalCommand.of("id", "-u", TEST_USER).asReadOnly()).succeeded();
        if (newUnixUser) {
            must(local.run(ExternalCommand.of("useradd", "--no-create-home", "--shell", "/bin/sh", TEST_USER)),
                    "useradd " + TEST_USER);
        }
        if (sacctmgr("show", "account", TEST_ACCOUNT, "format=Account").isBlank()) {
            mustChange("add", "account", TEST_ACCOUNT);
        }
        if (sacctmgr("show", "user", TEST_USER, "format=User").isBlank()) {
            mustChange("add", "user", TEST_USER, "account=" + TEST_ACCOUNT);
        }
        if (newUnixUser) {
            // slurmctld maps associations to uids when it loads them: a Unix user made later is unknown to it.
            must(runner().run(ExternalCommand.of("scontrol", "reconfigure")), "scontrol reconfigure");
        }
    }

    public Path slurmConf() {
        return slurmConf;
    }

    /** Runs commands on this host with SLURM_CONF pointing at the testbed. */
    public CommandRunner runner() {
        return runnerFor(slurmConf);
    }

    /** Runs commands on this host with SLURM_CONF pointing at {@code conf}, e.g. a broken copy of the testbed's. */
    public CommandRunner runnerFor(Path conf) {
        return new CommandRunner() {
            @Override
            public ExecResult run(ExternalCommand command) {
                return local.run(command.withEnv("SLURM_CONF", conf.toString()));
            }

            @Override
            public String target() {
                return local.target();
            }
        };
    }

    /** The environment a child process needs to talk to the testbed. */
    public Map<String, String> env() {
        return Map.of("SLURM_CONF", slurmConf.toString());
    }

    /** {@code sacctmgr -n -P ARGS}: a read, returning its output; fails the test when sacctmgr does. */
    public String sacctmgr(String... args) {
        List<String> argv = new ArrayList<>(List.of("sacctmgr", "-n", "-P"));
        argv.addAll(List.of(args));
        ExecResult result = runner().run(ExternalCommand.of(argv).asReadOnly());
        must(result, String.join(" ", argv));
        return result.stdout();
    }

    /** {@code sacctmgr -i ARGS} whatever its exit code (e.g. deleting what may not exist). */
    public ExecResult sacctmgrChange(String... args) {
        List<String> argv = new ArrayList<>(List.of("sacctmgr", "-i"));
        argv.addAll(List.of(args));
        return runner().run(ExternalCommand.of(argv));
    }

    /** Runs a Slurm command (sbatch, scancel, ...) as {@code user}. */
    public ExecResult runAs(String user, String... argv) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        full.addAll(List.of(argv));
        return runner().run(ExternalCommand.of(full));
    }

    private void mustChange(String... args) {
        must(sacctmgrChange(args), "sacctmgr -i " + String.join(" ", args));
    }

    private static void must(ExecResult result, String what) {
        if (!result.succeeded()) {
            throw new IllegalStateException(what + " failed (exit " + result.exitCode() + "): "
                    + result.stdout() + result.stderr());
        }
    }
}
