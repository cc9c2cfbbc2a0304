package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.core.ExitCode;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.systemd.GatewayServiceInstaller;
import io.moonlight.core.systemd.GatewayUnitModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install gateway-service}: the gateway's systemd unit. */
@Command(name = "gateway-service", mixinStandardHelpOptions = true,
        description = {
            "Install the gateway's systemd unit as",
            "  <root>/etc/systemd/system/moonlight-gateway.service",
            "running 'moonlight gateway' as an unprivileged user with Restart=always, writing only",
            "the state directory. Into / it also runs 'systemctl daemon-reload'; under another",
            "root it prints what to run there."})
public final class InstallGatewayServiceCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--root", paramLabel = "DIR", description = "Install under DIR (absolute, existing) instead of /.")
    private String root;

    @Option(names = "--user", paramLabel = "USER", description = "Account the gateway runs as "
            + "(default: gateway.service_user); never root.")
    private String user;

    @Option(names = "--launcher", paramLabel = "PATH", description = "The moonlight launcher the unit starts "
            + "(default: " + InstallRoot.LAUNCHER + ").")
    private String launcher;

    @Option(names = "--dry-run", description = "Print the file and commands it would write and run; change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        Path configFile = cli.configSource().fileForInstalledUnits();
        GatewayUnitModel model = GatewayServiceInstaller.model(cli.config(), user, launcher, configFile);
        DryRunPlan plan = dryRun ? new DryRunPlan() : null;
        GatewayServiceInstaller.Result result = new GatewayServiceInstaller(cli.renderer())
                .install(model, root, cli.files(plan), cli.runner(plan));
        cli.out().reports(List.of(result.step()), plan, json);
        result.nextSteps().forEach(step -> cli.out().info("next: " + step));
        return ExitCode.OK.code();
    }
}
