package io.moonlight.cli.uninstall;

import io.moonlight.cli.Cli;
import io.moonlight.cli.Output;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.nginx.NginxInstaller;
import io.moonlight.core.nginx.NginxRequest;
import java.nio.file.Path;
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

    @Option(names = "--conf", paramLabel = "FILE", description = "The portal's nginx file (default: nginx.conf of the configuration).")
    private Path conf;

    @Option(names = "--reload", description = "Reload nginx afterwards ('nginx -s reload').")
    private boolean reload;

    @Option(names = "--dry-run", description = "Print the whole new file and the commands; change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        DryRunPlan plan = dryRun ? new DryRunPlan() : null;
        NginxInstaller installer = new NginxInstaller(cli.runner(plan), cli.files(plan), cli.renderer(), plan);
        NginxRequest request = NginxRequest.of(cli.config(), conf == null ? null : conf.toAbsolutePath().toString(),
                null, false, reload);
        List<StepReport> reports = installer.uninstall(request);
        cli.out().reports(reports, plan, json);
        return Output.exitCodeOf(reports).code();
    }
}
