package io.moonlight.core.scheduler;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.Names;
import io.moonlight.core.slurm.SacctmgrClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Session jobs on Slurm: {@code sbatch --parsable} as the user with the configured partition, QoS,
 * gres and account, the script on its standard input (slurmstepd opens the output file and the
 * working directory as the user); {@code squeue --json} filtered here (it ignores -j and -t and also lists jobs
 * that finished in the last minutes); {@code scancel}, whose SIGTERM-then-SIGKILL gap is the
 * cluster's KillWait.
 */
public final class SlurmScheduler implements Scheduler {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CommandRunner runner;
    private final SlurmConfig slurm;
    private final UserSwitch users;

    public SlurmScheduler(CommandRunner runner, SlurmConfig slurm, UserSwitch users) {
        this.runner = runner;
        this.slurm = slurm;
        this.users = users;
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public void preflight() {
        if (new SacctmgrClient(runner).qos(slurm.qos()).isEmpty()) {
            throw MoonlightException.badInput("Slurm has no QoS '" + slurm.qos() + "' (slurm.qos)",
                    "create it with 'moonlight install qos --grant-to-account ACCOUNT'");
        }
    }

    @Override
    public String submit(JobRequest request) {
        List<String> sbatch = new ArrayList<>(List.of("sbatch", "--parsable",
                // The job gets the user's own login environment, nothing of the submitting service's.
                "--export=NONE",
                "--job-name=" + request.jobName(),
                "--partition=" + slurm.partition(),
                "--qos=" + slurm.qos(),
                "--time=" + slurmTime(request.timeLimit()),
                "--output=" + request.output()));
        if (!slurm.gres().isEmpty()) {
            sbatch.add("--gres=" + slurm.gres());
        }
        if (!slurm.account().isEmpty()) {
            sbatch.add("--account=" + slurm.account());
        }
        // Last, as the gateway's sudoers rule expects it.
        sbatch.add("--chdir=" + request.workDir());
        // Without a file argument sbatch reads the script from its standard input.
        ExecResult result = run(ExternalCommand.of(users.argv(request.user(), sbatch)).withStdin(request.script())
                .withTimeout(TIMEOUT));
        if (!result.succeeded()) {
            throw SbatchErrors.explain(result, request.user(), slurm);
        }
        // --parsable prints "ID" or "ID;CLUSTER".
        String id = result.stdout().strip().split(";", 2)[0];
        return Names.jobId(id);
    }

    @Override
    public List<SchedulerJob> jobs() {
        ExecResult result = run(ExternalCommand.of("squeue", "--json").withTimeout(TIMEOUT).asReadOnly());
        if (!result.succeeded()) {
            throw MoonlightException.unavailable("cannot read Slurm's queue: " + result.complaint(),
                    "check that slurmctld is up: 'scontrol ping'");
        }
        return SqueueJson.moonlightJobs(result.stdout());
    }

    @Override
    public void cancel(String jobId, String user) {
        Names.jobId(jobId);
        boolean active = jobs().stream().anyMatch(j -> j.id().equals(jobId) && j.state().isActive());
        if (!active) {
            return;
        }
        List<String> scancel = List.of("scancel", jobId);
        run(ExternalCommand.of(users.isRoot() ? scancel : users.argv(user, scancel)).withTimeout(TIMEOUT))
                .orFail("cancelling job " + jobId, "check 'squeue -j " + jobId + "' and cancel it as root");
    }

    static String slurmTime(Duration limit) {
        long seconds = limit.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private ExecResult run(ExternalCommand command) {
        try {
            return runner.run(command);
        } catch (MoonlightException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw MoonlightException.unavailable("cannot run '" + String.join(" ", command.argv()) + "' on "
                        + runner.target() + ": " + e.getMessage(),
                        "install Slurm's client commands (Debian: slurm-client)"
                                + (users.isRoot() ? "" : "; 'moonlight install gateway-service' allows this account "
                                        + "sbatch and scancel as users"));
            }
            throw e;
        }
    }
}
