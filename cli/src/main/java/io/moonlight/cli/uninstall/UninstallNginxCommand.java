package io.moonlight.cli.uninstall;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.options.NginxConfOption;
import io.moonlight.cli.Output;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.nginx.NginxInstaller;
import io.moonlight.core.nginx.NginxRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight uninstall nginx}: the portal's nginx file as it was before {@code install nginx}. */
@Command(name = "nginx", mixinStandardHelpOptions = true,
        description = {"Take moonlight's blocks out of the portal's nginx file.",
            "This gives back the file exactly as it was before 'install nginx'. The file is backed up, replaced"
                    + " atomically and checked with 'nginx -t'; on failure it is put back."})
public final class UninstallNginxCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private NginxConfOption conf;

    @Option(names = "--reload", description = "Reload nginx afterwards ('nginx -s reload').")
    private boolean reload;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        DryRunPlan plan = dryRun.plan();
        NginxInstaller installer = new NginxInstaller(cli.runner(plan), cli.files(plan), cli.renderer(), plan);
        NginxRequest request = NginxRequest.of(cli.config(), conf.value(),
                null, false, reload);
        List<StepReport> reports = installer.uninstall(request);
        cli.out().reports(reports, plan, json.enabled());
        return Output.exitCodeOf(reports).code();
    }
}
