package io.moonlight.core.doctor;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.sysctl.SysctlInstaller;
import io.moonlight.core.sysctl.SysctlKeyReport;
import io.moonlight.core.sysctl.SysctlMode;
import io.moonlight.core.sysctl.SysctlNodeReport;
import io.moonlight.core.sysctl.SysctlRequest;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The network tuning profile: its files installed and current, and the live kernel parameters as it
 * says (what {@code moonlight install sysctl --check} reports). Drift slows streams down without
 * breaking them, hence a warning.
 */
public final class SysctlCheck implements Check {
    private final CommandRunner runner;
    private final Supplier<SysctlInstaller> installer;
    private final String root;

    /** @param installer made on first use, so that a bad site profile becomes this check's FAIL line */
    public SysctlCheck(CommandRunner runner, Supplier<SysctlInstaller> installer, String root) {
        this.runner = runner;
        this.installer = installer;
        this.root = root;
    }

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public List<CheckResult> run() {
        SysctlNodeReport report = installer.get().run(runner, new LocalHostFiles(),
                new SysctlRequest(SysctlMode.CHECK, root), DryRunPlan.NONE);
        List<String> files = report.steps().stream().filter(s -> s.status() == ChangeStatus.DRIFTED)
                .map(s -> s.target() + " " + String.join(" ", s.details())).toList();
        List<String> keys = report.keys().stream().filter(k -> k.status() == ChangeStatus.DRIFTED)
                .map(SysctlCheck::describe).toList();
        if (files.isEmpty() && keys.isEmpty()) {
            return List.of(CheckResult.pass(name(), "profile installed; " + report.keys().size()
                    + " kernel parameters as wanted"));
        }
        String summary = Stream.concat(files.stream(), keys.stream())
                .collect(Collectors.joining("; "));
        return List.of(CheckResult.warn(name(), summary, keys.isEmpty()
                ? "run 'moonlight install sysctl' to install the profile's files"
                : "run 'moonlight install sysctl --apply' on this host to install the files and set the keys"));
    }

    private static String describe(SysctlKeyReport key) {
        String live = key.live() == null ? "missing" : key.live().isEmpty() ? "empty" : key.live();
        return key.key() + " is " + live + ", wanted " + key.wanted();
    }
}
