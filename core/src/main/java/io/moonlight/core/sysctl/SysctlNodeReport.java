package io.moonlight.core.sysctl;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.StepReport;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code install sysctl} did or found on one host: the files and modules as steps, the keys
 * one by one; or the error that stopped it there ({@code error} non-null, the rest empty).
 */
public record SysctlNodeReport(String host, List<StepReport> steps, List<SysctlKeyReport> keys, String error,
        ExitCode errorCode) {

    public SysctlNodeReport {
        steps = List.copyOf(steps);
        keys = List.copyOf(keys);
    }

    public static SysctlNodeReport of(String host, List<StepReport> steps, List<SysctlKeyReport> keys) {
        return new SysctlNodeReport(host, steps, keys, null, null);
    }

    public static SysctlNodeReport failed(String host, String error, ExitCode code) {
        return new SysctlNodeReport(host, List.of(), List.of(), error, code);
    }

    /** 1 when a step or key failed, 3 when something drifted, else 0; a host's own error first. */
    public ExitCode exitCode() {
        if (errorCode != null) {
            return errorCode;
        }
        if (statuses().anyMatch(s -> s == ChangeStatus.FAILED)) {
            return ExitCode.ERROR;
        }
        if (statuses().anyMatch(s -> s == ChangeStatus.DRIFTED)) {
            return ExitCode.DRIFT;
        }
        return ExitCode.OK;
    }

    /** The exit code for several hosts: a host's own error code (e.g. 5, unreachable) first, then 1, then 3. */
    public static ExitCode exitCodeOf(List<SysctlNodeReport> reports) {
        List<ExitCode> codes = reports.stream().map(SysctlNodeReport::exitCode).toList();
        return codes.stream().filter(c -> c != ExitCode.ERROR && c != ExitCode.DRIFT && c != ExitCode.OK)
                .findFirst()
                .orElse(codes.contains(ExitCode.ERROR) ? ExitCode.ERROR
                        : codes.contains(ExitCode.DRIFT) ? ExitCode.DRIFT : ExitCode.OK);
    }

    /** One line saying what is wrong on this host, with a hint; empty when nothing is. */
    public Optional<String> problem() {
        if (error != null) {
            return Optional.of(host + ": " + error);
        }
        long failed = keys.stream().filter(k -> k.status() == ChangeStatus.FAILED).count();
        if (failed > 0) {
            return Optional.of(failed + " of " + keys.size() + " keys did not take on " + host
                    + " (hint: the DETAIL column has the kernel's answer; inside a container or network namespace"
                    + " the net.core keys can only be set on the host itself)");
        }
        long drifted = statuses().filter(s -> s == ChangeStatus.DRIFTED).count();
        if (drifted > 0) {
            return Optional.of(drifted + " item(s) differ from the profile on " + host
                    + " (hint: 'moonlight install sysctl --apply' installs and sets them)");
        }
        return Optional.empty();
    }

    private Stream<ChangeStatus> statuses() {
        return Stream.concat(steps.stream().map(StepReport::status), keys.stream().map(SysctlKeyReport::status));
    }
}
