package io.moonlight.core.images;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.StepReport;
import java.util.List;

/** One report per image (or per definition with --defs-only) and the exit code they add up to. */
public record ImageInstallResult(List<StepReport> reports) {

    public ImageInstallResult {
        reports = List.copyOf(reports);
    }

    /** 1 when any build failed, 4 when every image was skipped, else 0. */
    public ExitCode exitCode() {
        if (reports.stream().anyMatch(r -> r.status() == ChangeStatus.FAILED)) {
            return ExitCode.ERROR;
        }
        if (!reports.isEmpty() && reports.stream().allMatch(r -> r.status() == ChangeStatus.SKIPPED)) {
            return ExitCode.NOTHING_TO_DO;
        }
        return ExitCode.OK;
    }
}
