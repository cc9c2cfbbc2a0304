package io.moonlight.core.doctor;

import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Slurm's client commands, the controller, how it tracks a job's processes, and the configured
 * partition.
 */
public final class SlurmCheck implements Check {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final CommandRunner runner;
    private final SlurmConfig slurm;

    public SlurmCheck(CommandRunner runner, SlurmConfig slurm) {
        this.runner = runner;
        this.slurm = slurm;
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        ExecResult version = runner.run(ExternalCommand.of("sinfo", "--version").asReadOnly().withTimeout(TIMEOUT));
        if (!version.succeeded()) {
            results.add(CheckResult.fail("slurm-commands", "Slurm's commands cannot start: " + version.complaint(),
                    "install slurm-client and make slurm.conf readable (or set SLURM_CONF)"));
            return results;
        }
        results.add(CheckResult.pass("slurm-commands", version.stdout().strip()));
        ExecResult ping = runner.run(ExternalCommand.of("scontrol", "ping").asReadOnly().withTimeout(TIMEOUT));
        if (!ping.succeeded() || !ping.stdout().contains("UP")) {
            results.add(CheckResult.fail("slurm-controller", "slurmctld does not answer: " + ping.complaint(),
                    "start slurmctld, or check SlurmctldHost in slurm.conf and munge"));
            return results;
        }
        results.add(CheckResult.pass("slurm-controller", ping.stdout().lines().findFirst().orElse("UP").strip()));
        ExecResult config = runner.run(ExternalCommand.of("scontrol", "show", "config").asReadOnly().withTimeout(TIMEOUT));
        if (config.succeeded()) {
            results.add(proctrack(config.stdout()));
        }
        ExecResult partition = runner.run(ExternalCommand.of("sinfo", "-h", "-p", slurm.partition(), "-o", "%a %D %G")
                .asReadOnly().withTimeout(TIMEOUT));
        String line = partition.stdout().strip().replace("(null)", "no-gres");
        if (!partition.succeeded() || line.isEmpty()) {
            results.add(CheckResult.fail("slurm-partition", "partition '" + slurm.partition() + "' not found",
                    "create it in slurm.conf, or set slurm.partition in the configuration"));
        } else if (!line.startsWith("up")) {
            results.add(CheckResult.fail("slurm-partition", "partition '" + slurm.partition() + "' is " + line,
                    "scontrol update PartitionName=" + slurm.partition() + " State=UP"));
        } else {
            results.add(CheckResult.pass("slurm-partition", "partition '" + slurm.partition() + "': " + line
                    + " (state, nodes, gres)"));
        }
        return results;
    }

    /**
     * Only proctrack/cgroup ends every process of a job with it: with the others, a process that left
     * the job's process tree (an apptainer instance after its supervisor was killed) outlives the job.
     */
    static CheckResult proctrack(String showConfig) {
        String type = showConfig.lines()
                .filter(line -> line.startsWith("ProctrackType"))
                .map(line -> line.substring(line.indexOf('=') + 1).strip())
                .findFirst().orElse("unknown");
        if ("proctrack/cgroup".equals(type)) {
            return CheckResult.pass("slurm-proctrack", "ProctrackType proctrack/cgroup: a job's processes end with it");
        }
        return CheckResult.warn("slurm-proctrack", "ProctrackType " + type + ": processes a session job leaves (an "
                + "apptainer instance whose supervisor was killed) can outlive the job",
                "set ProctrackType=proctrack/cgroup (with TaskPlugin=task/cgroup) in slurm.conf");
    }
}
