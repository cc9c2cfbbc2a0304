package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.InstallRootOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.cron.CleanupCronInstaller;
import io.moonlight.core.cron.CleanupCronModel;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.InstallRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install cron}: runs 'moonlight cleanup' every five minutes. */
@Command(name = "cron", mixinStandardHelpOptions = true,
        description = "Install <root>/etc/cron.d/moonlight-cleanup: 'moonlight cleanup' every five minutes as "
                + "root, output appended to <paths.log_dir>/cleanup.log, never two runs at once (flock).")
public final class InstallCronCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private InstallRootOption root;

    @Option(names = "--launcher", paramLabel = "PATH", description = "The moonlight launcher cron runs "
            + "(default: " + InstallRoot.LAUNCHER + ").")
    private String launcher;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        Path configFile = cli.configSource().fileForInstalledUnits();
        CleanupCronModel model = CleanupCronInstaller.model(cli.config(), launcher, configFile);
        DryRunPlan plan = dryRun.plan();
        cli.out().reports(List.of(new CleanupCronInstaller(cli.renderer()).install(model, root.value(), cli.files(plan))),
                plan, json.enabled());
        return ExitCode.OK.code();
    }
}
