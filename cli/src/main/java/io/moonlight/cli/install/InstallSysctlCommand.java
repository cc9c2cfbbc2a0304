package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.InstallRootOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.ssh.NodeAddress;
import io.moonlight.core.sysctl.SunshinePortReservation;
import io.moonlight.core.sysctl.SysctlInstaller;
import io.moonlight.core.sysctl.SysctlKeyReport;
import io.moonlight.core.sysctl.SysctlMode;
import io.moonlight.core.sysctl.SysctlNodeReport;
import io.moonlight.core.sysctl.SysctlProfile;
import io.moonlight.core.sysctl.SysctlRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install sysctl}: the network tuning profile, as files and in the live kernel. */
@Command(name = "sysctl", mixinStandardHelpOptions = true,
        description = {
            "Install the streaming network profile (25 MB socket buffers, BBR, fq) as",
            "  <root>/etc/sysctl.d/90-moonlight.conf",
            "  <root>/etc/modules-load.d/moonlight-bbr.conf",
            "and never in /etc/sysctl.conf. The profile is the shipped one, or the site's",
            "  <paths.site_dir>/sysctl/moonlight.conf",
            "The drop-in also reserves Sunshine's ports (sunshine.base_port and its blocks) in",
            "net.ipv4.ip_local_reserved_ports, merged with what each host reserves already."})
public final class InstallSysctlCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--apply", description = "Also load the modules and set every key in the live kernel, "
            + "then read each key back; exit 1 when one did not take.")
    private boolean apply;

    @Option(names = "--check", description = "Change nothing: report whether the files are current and which "
            + "live values differ from the profile; exit 3 when something differs.")
    private boolean check;

    @Mixin
    private InstallRootOption root;

    @Option(names = "--nodes", paramLabel = "HOST,...", description = "Do the same on each node over SSH "
            + "(HOST, USER@HOST or USER@HOST:PORT; see the ssh section of the configuration), a table per node.")
    private String nodes;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        if (apply && check) {
            throw MoonlightException.badInput("--apply and --check cannot be combined",
                    "run --check to see the differences, --apply to remove them");
        }
        SysctlRequest request = new SysctlRequest(apply ? SysctlMode.APPLY : check ? SysctlMode.CHECK
                : SysctlMode.INSTALL, root.value());
        List<NodeAddress> remote = nodes == null ? List.of() : NodeAddress.parseList(nodes, cli.config().ssh());
        SysctlInstaller installer = new SysctlInstaller(SysctlProfile.load(cli.config().paths().siteDir()),
                new SunshinePortReservation(cli.config().sunshine()), cli.renderer(), cli.clock());
        DryRunPlan plan = dryRun.plan();
        List<SysctlNodeReport> reports = remote.isEmpty()
                ? List.of(installer.run(cli.runner(), new LocalHostFiles(), request, plan))
                : installer.runOnNodes(remote, cli.config().ssh(), request, plan);
        print(reports, plan);
        reports.forEach(r -> r.problem().ifPresent(line -> cli.out().info("moonlight: " + line)));
        return SysctlNodeReport.exitCodeOf(reports).code();
    }

    private void print(List<SysctlNodeReport> reports, DryRunPlan plan) {
        if (json.enabled()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("nodes", reports);
            if (plan.isDryRun()) {
                doc.put("dry_run", plan.actions());
            }
            cli.out().json(doc);
            return;
        }
        if (plan.isDryRun()) {
            cli.out().plan(plan);
        }
        for (SysctlNodeReport report : reports) {
            cli.out().result("node " + report.host());
            if (report.error() != null) {
                cli.out().result("  error: " + report.error());
                continue;
            }
            boolean withKeys = !report.keys().isEmpty();
            List<List<String>> rows = new ArrayList<>();
            rows.add(withKeys ? List.of("  STATUS", "ITEM", "WANTED", "LIVE", "DETAIL")
                    : List.of("  STATUS", "ITEM", "DETAIL"));
            for (StepReport step : report.steps()) {
                String detail = String.join("; ", step.details());
                rows.add(withKeys ? List.of("  " + word(step.status()), step.target(), "", "", detail)
                        : List.of("  " + word(step.status()), step.target(), detail));
            }
            for (SysctlKeyReport key : report.keys()) {
                rows.add(List.of("  " + word(key.status()), key.key(), key.wanted(), live(key.live()), key.detail()));
            }
            cli.out().table(rows);
        }
    }

    /** A key the kernel lacks, or one it has without a value (no ports reserved yet), in a column of its own. */
    private static String live(String value) {
        return value == null ? "(none)" : value.isEmpty() ? "(empty)" : value;
    }

    private static String word(ChangeStatus status) {
        return status.name().toLowerCase().replace('_', '-');
    }
}
