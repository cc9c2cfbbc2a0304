package io.moonlight.core.sysctl;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.SshConfig;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.files.RemoteHostFiles;
import io.moonlight.core.ssh.NodeAddress;
import io.moonlight.core.ssh.SshCommandRunner;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs the network tuning profile on one host: the sysctl.d and modules-load.d files under a
 * root directory (the drop-in reserves Sunshine's ports besides the host's own reservation), and with {@link SysctlMode#APPLY} the live kernel, each key read back because
 * sysctl -w reports success for values the kernel refused. Never touches /etc/sysctl.conf.
 * Everything goes through the host's command runner and files, so the same code serves this
 * host, a network namespace and nodes over SSH.
 */
public final class SysctlInstaller {
    public static final String DROP_IN = "etc/sysctl.d/90-moonlight.conf";
    public static final String MODULES_LOAD = "etc/modules-load.d/moonlight-bbr.conf";
    private static final String STEP = "sysctl";
    private static final String NO_SUCH_KEY = "no such key on this host";

    private final SysctlProfile profile;
    private final SunshinePortReservation sunshinePorts;
    private final TemplateRenderer renderer;
    private final Clock clock;

    public SysctlInstaller(SysctlProfile profile, SunshinePortReservation sunshinePorts, TemplateRenderer renderer,
            Clock clock) {
        this.profile = profile;
        this.sunshinePorts = sunshinePorts;
        this.renderer = renderer;
        this.clock = clock;
    }

    /**
     * The installer for the site's profile and templates (the shipped ones where the site has none),
     * reserving the ports of the site's Sunshine configuration.
     */
    public static SysctlInstaller forSite(Path siteDir, SunshineConfig sunshine) {
        return new SysctlInstaller(SysctlProfile.load(siteDir), new SunshinePortReservation(sunshine),
                new TemplateRenderer(siteDir), Clock.systemUTC());
    }

    /** A file this step writes: its path relative to the root and its full content. */
    public record RenderedFile(String relativePath, String content) {
    }

    /**
     * The profile for a host whose kernel reserves {@code liveReserved} ports already: with Sunshine's
     * ports reserved in addition to the host's (see {@link SunshinePortReservation}).
     */
    public SysctlProfile forHost(ReservedPorts liveReserved) {
        return sunshinePorts.applyTo(profile, liveReserved);
    }

    public List<RenderedFile> render(SysctlProfile forHost) {
        return List.of(
                new RenderedFile(DROP_IN, renderer.render("templates/sysctl/90-moonlight.conf.ftl", forHost)),
                new RenderedFile(MODULES_LOAD, renderer.render("templates/sysctl/moonlight-bbr.conf.ftl", forHost)));
    }

    /**
     * Runs the request on the host behind {@code runner} and {@code files}. Under a dry-run
     * {@code plan} it still reads the files and live values, and records every write and every
     * changing command instead of doing it.
     */
    public SysctlNodeReport run(CommandRunner runner, HostFiles files, SysctlRequest request, DryRunPlan plan) {
        InstallRoot.existing(request.root(), files);
        CommandRunner commands = plan.runner(runner);
        LiveSysctl live = new LiveSysctl(commands);
        // The host's own reservation is read on the host itself (over SSH for --nodes) and kept.
        String reserved = live.read(List.of(ReservedPorts.KEY)).getOrDefault(ReservedPorts.KEY, "");
        SysctlProfile forHost = forHost(ReservedPorts.parse(reserved, "on " + runner.target()));
        List<RenderedFile> rendered = render(forHost);
        List<StepReport> steps = new ArrayList<>();
        List<SysctlKeyReport> keys = new ArrayList<>();
        switch (request.mode()) {
            case CHECK -> {
                steps.addAll(checkFiles(files, request, rendered));
                keys.addAll(checkKeys(live, forHost));
            }
            case INSTALL -> steps.addAll(installFiles(new FileInstaller(files, clock, plan), request, rendered));
            case APPLY -> {
                steps.addAll(installFiles(new FileInstaller(files, clock, plan), request, rendered));
                steps.addAll(loadModules(commands, plan.isDryRun()));
                keys.addAll(applyKeys(live, forHost, plan.isDryRun()));
            }
        }
        return SysctlNodeReport.of(runner.target(), steps, keys);
    }

    /**
     * Runs the request on each node over SSH, one after the other. A node that cannot be reached or
     * fails gets the error in its report, and the other nodes still run.
     */
    public List<SysctlNodeReport> runOnNodes(List<NodeAddress> nodes, SshConfig ssh, SysctlRequest request,
            DryRunPlan plan) {
        List<SysctlNodeReport> reports = new ArrayList<>();
        for (NodeAddress node : nodes) {
            try (SshCommandRunner runner = SshCommandRunner.connect(node, ssh)) {
                reports.add(run(runner, new RemoteHostFiles(runner), request, plan));
            } catch (MoonlightException e) {
                reports.add(SysctlNodeReport.failed(node.host(),
                        e.getMessage() + e.hint().map(h -> " (hint: " + h + ")").orElse(""), e.exitCode()));
            }
        }
        return reports;
    }

    private static List<StepReport> installFiles(FileInstaller installer, SysctlRequest request,
            List<RenderedFile> rendered) {
        return rendered.stream()
                .map(f -> installer.install(STEP, request.underRoot(f.relativePath()), f.content(), "644",
                        FileValidator.NONE))
                .toList();
    }

    private static List<StepReport> checkFiles(HostFiles files, SysctlRequest request, List<RenderedFile> rendered) {
        List<StepReport> reports = new ArrayList<>();
        for (RenderedFile file : rendered) {
            String path = request.underRoot(file.relativePath());
            String where = "localhost".equals(files.host()) ? path : files.host() + ":" + path;
            reports.add(files.read(path)
                    .map(current -> current.equals(file.content())
                            ? StepReport.of(STEP, where, ChangeStatus.UNCHANGED, "installed and current")
                            : StepReport.of(STEP, where, ChangeStatus.DRIFTED, "differs from the profile"))
                    .orElse(StepReport.of(STEP, where, ChangeStatus.DRIFTED, "not installed")));
        }
        return reports;
    }

    /**
     * Loads each module that is not loaded yet. A failure is not the end: a module built into the
     * kernel cannot be loaded (and may not show in /sys/module), and the keys read back below say
     * whether the kernel has what the profile needs.
     */
    private List<StepReport> loadModules(CommandRunner commands, boolean dryRun) {
        List<StepReport> reports = new ArrayList<>();
        for (KernelModule module : profile.modules()) {
            String target = "module " + module.name();
            ExternalCommand loaded = ExternalCommand.of("test", "-d", "/sys/module/" + module.name()).asReadOnly();
            if (commands.run(loaded).succeeded()) {
                reports.add(StepReport.of(STEP, target, ChangeStatus.UNCHANGED, "loaded"));
                continue;
            }
            String complaint;
            try {
                var result = commands.run(ExternalCommand.of("modprobe", module.name()));
                if (result.succeeded()) {
                    reports.add(StepReport.of(STEP, target, dryRun ? ChangeStatus.WOULD_CHANGE : ChangeStatus.CHANGED,
                            dryRun ? "would load" : "loaded"));
                    continue;
                }
                complaint = result.complaint();
            } catch (MoonlightException e) {
                complaint = e.getMessage();
            }
            reports.add(StepReport.of(STEP, target, ChangeStatus.SKIPPED,
                    "not loaded: " + complaint, "fine when built into the kernel: the keys read back tell"));
        }
        return reports;
    }

    private static List<SysctlKeyReport> checkKeys(LiveSysctl live, SysctlProfile profile) {
        Map<String, String> values = live.read(profile.keys());
        return profile.settings().stream()
                .map(s -> {
                    String value = values.get(s.key());
                    return s.matches(value)
                            ? report(s, value, ChangeStatus.UNCHANGED, "")
                            : report(s, value, ChangeStatus.DRIFTED, value == null ? NO_SUCH_KEY : "differs");
                })
                .toList();
    }

    /**
     * Sets the keys whose live value differs, then reads every key back: sysctl -w exits 0 even
     * when the kernel refused the value, so only the value read back says whether it took.
     */
    private static List<SysctlKeyReport> applyKeys(LiveSysctl live, SysctlProfile profile, boolean dryRun) {
        Map<String, String> before = live.read(profile.keys());
        Map<String, String> complaints = new LinkedHashMap<>();
        for (SysctlSetting setting : profile.settings()) {
            if (!setting.matches(before.get(setting.key()))) {
                complaints.put(setting.key(), live.write(setting.key(), setting.value()));
            }
        }
        if (dryRun) {
            return profile.settings().stream()
                    .map(s -> complaints.containsKey(s.key())
                            ? report(s, before.get(s.key()), ChangeStatus.WOULD_CHANGE, "would set")
                            : report(s, before.get(s.key()), ChangeStatus.UNCHANGED, ""))
                    .toList();
        }
        Map<String, String> after = complaints.isEmpty() ? before : live.read(profile.keys());
        return profile.settings().stream().map(s -> verified(s, after.get(s.key()), complaints)).toList();
    }

    private static SysctlKeyReport verified(SysctlSetting setting, String value, Map<String, String> complaints) {
        boolean written = complaints.containsKey(setting.key());
        if (setting.matches(value)) {
            return written ? report(setting, value, ChangeStatus.CHANGED, "set, read back")
                    : report(setting, value, ChangeStatus.UNCHANGED, "");
        }
        String said = complaints.getOrDefault(setting.key(), "");
        return report(setting, value, ChangeStatus.FAILED, "did not take"
                + (value == null ? ": " + NO_SUCH_KEY : "") + (said.isEmpty() ? "" : " (" + said + ")"));
    }

    private static SysctlKeyReport report(SysctlSetting setting, String live, ChangeStatus status, String detail) {
        return new SysctlKeyReport(setting.key(), setting.value(), live == null ? null : SysctlSetting.normalize(live),
                status, detail);
    }
}
