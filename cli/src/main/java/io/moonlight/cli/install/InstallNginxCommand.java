package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.options.NginxConfOption;
import io.moonlight.cli.Output;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.nginx.NginxInstaller;
import io.moonlight.core.nginx.NginxRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install nginx}: the managed upstream and location blocks in the portal's nginx file. */
@Command(name = "nginx", mixinStandardHelpOptions = true,
        description = {
            "Put moonlight's upstreams and locations into the portal's nginx file.",
            "The upstreams of the gateway go to the file's top level, the locations /moonlight/, /api/moonlight/ and"
                    + " /moonlight/signaling into its HTTPS server, as managed blocks between marker comments"
                    + " (the web client, the API, and the browsers' and agents' signaling).",
            "The locations go into the file's existing 'listen 443' server (never a new one). The file is backed up,"
                    + " replaced atomically and checked with 'nginx -t'; on failure it is put back."})
public final class InstallNginxCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private NginxConfOption conf;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "Which 443 server gets the locations, when the file has several (default: nginx.server_name).")
    private String serverName;

    @Option(names = "--print", description = "Print the blocks only; change nothing.")
    private boolean print;

    @Option(names = "--reload", description = "Reload nginx afterwards ('nginx -s reload').")
    private boolean reload;

    @Option(names = "--force", description = "Replace managed blocks that were edited by hand.")
    private boolean force;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        DryRunPlan plan = dryRun.plan();
        NginxInstaller installer = new NginxInstaller(cli.runner(plan), cli.files(plan), cli.renderer(), plan);
        NginxRequest request = NginxRequest.of(cli.config(), conf.value(),
                serverName, force, reload);
        if (print) {
            String blocks = installer.preview(request);
            if (json.enabled()) {
                Map<String, String> doc = new LinkedHashMap<>();
                doc.put("conf", request.conf());
                doc.put("blocks", blocks);
                cli.out().json(doc);
            } else {
                cli.out().stdout().print(blocks);
                cli.out().stdout().flush();
            }
            return 0;
        }
        List<StepReport> reports = installer.install(request);
        cli.out().reports(reports, plan, json.enabled());
        return Output.exitCodeOf(reports).code();
    }
}
