package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.Output;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.slurm.QosInstaller;
import io.moonlight.core.slurm.QosRequest;
import io.moonlight.core.slurm.SacctmgrClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install qos}: the Slurm QoS sessions run under, and who may use it. */
@Command(name = "qos", mixinStandardHelpOptions = true,
        description = {
            "Add or update the Slurm QoS of moonlight's sessions and grant it to accounts and users.",
            "Through sacctmgr: grace time, maximum wall time, jobs per user and Flags=DenyOnLimit, so that "
                + "sbatch refuses an over-long session at once instead of leaving it pending. Only the settings "
                + "that differ are modified; a second run changes nothing.",
            "Defaults come from the configuration: slurm.qos, slurm.grace_seconds, slurm.max_wall."})
public final class InstallQosCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--name", paramLabel = "QOS", description = "QoS name (default: slurm.qos, moonlight).")
    private String name;

    @Option(names = "--grace-seconds", paramLabel = "SECONDS",
            description = "Time a session gets between SIGTERM and SIGKILL (default: slurm.grace_seconds, 60).")
    private Integer graceSeconds;

    @Option(names = "--max-wall", paramLabel = "TIME",
            description = "Longest session, as a Slurm time, e.g. 8:00:00 (default: slurm.max_wall).")
    private String maxWall;

    @Option(names = "--max-jobs-per-user", paramLabel = "N",
            description = "Sessions a user may run at once (default: leave as it is).")
    private Integer maxJobsPerUser;

    @Option(names = "--grant-to-account", paramLabel = "ACCOUNT", split = ",",
            description = "Add the QoS to this Slurm account's associations (repeatable).")
    private List<String> accounts = new ArrayList<>();

    @Option(names = "--grant-to-user", paramLabel = "USER", split = ",",
            description = "Add the QoS to this Slurm user's associations (repeatable).")
    private List<String> users = new ArrayList<>();

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        SlurmConfig slurm = cli.config().slurm();
        QosRequest request = QosRequest.of(
                name != null ? name : slurm.qos(),
                graceSeconds != null ? graceSeconds : slurm.graceSeconds(),
                maxWall != null ? maxWall : slurm.maxWall(),
                maxJobsPerUser, accounts, users);
        DryRunPlan plan = dryRun.plan();
        QosInstaller installer = new QosInstaller(new SacctmgrClient(cli.runner(plan)), plan.isDryRun());
        List<StepReport> reports = installer.install(request);
        cli.out().reports(reports, plan, json.enabled());
        return Output.exitCodeOf(reports).code();
    }
}
