package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.InstallRootOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.systemd.GatewayServiceInstaller;
import io.moonlight.core.systemd.GatewaySudoersModel;
import io.moonlight.core.systemd.GatewayUnitModel;
import io.moonlight.core.systemd.SearchPath;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install gateway-service}: the gateway's systemd unit and its sudoers drop-in. */
@Command(name = "gateway-service", mixinStandardHelpOptions = true,
        description = {
            "Install the gateway as a service:",
            "  <root>/etc/sudoers.d/moonlight-gateway (mode 0440, checked with visudo first)",
            "  <root>/etc/systemd/system/moonlight-gateway.service",
            "The unit runs 'moonlight gateway' as an unprivileged account with Restart=always,",
            "writing only the state directory and the session root. The sudoers drop-in lets that",
            "account run, as any user but root and the system accounts, exactly the commands the",
            "gateway runs as a session's user (session files, sbatch, scancel). Into / it also runs",
            "'systemctl daemon-reload'; under another root it prints what to run there.",
            "Sessions must run on Slurm (sessions.scheduler: slurm)."})
public final class InstallGatewayServiceCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private InstallRootOption root;

    @Option(names = "--user", paramLabel = "USER", description = "Account the gateway runs as "
            + "(default: gateway.service_user); never root.")
    private String user;

    @Option(names = "--launcher", paramLabel = "PATH", description = "The moonlight launcher the unit starts "
            + "(default: " + InstallRoot.LAUNCHER + ").")
    private String launcher;

    @Option(names = "--slurm-bin", paramLabel = "DIR", description = "Where Slurm's commands are when not on the "
            + "standard path, e.g. /opt/slurm/bin: added to the unit's PATH and sudo's secure_path.")
    private String slurmBin;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        Path configFile = cli.configSource().fileForInstalledUnits();
        SearchPath path = GatewayServiceInstaller.searchPath(slurmBin);
        GatewayUnitModel unit = GatewayServiceInstaller.model(cli.config(), user, launcher, configFile, path);
        DryRunPlan plan = dryRun.plan();
        FileInstaller files = cli.files(plan);
        String checkedRoot = InstallRoot.existing(root.value(), files.files());
        GatewaySudoersModel sudoers = GatewayServiceInstaller.sudoersModel(cli.config(), user, path, checkedRoot,
                files.files());
        GatewayServiceInstaller.Result result = new GatewayServiceInstaller(cli.renderer())
                .install(unit, sudoers, checkedRoot, files, cli.runner(plan));
        cli.out().reports(result.steps(), plan, json.enabled());
        result.nextSteps().forEach(step -> cli.out().info("next: " + step));
        return ExitCode.OK.code();
    }
}
