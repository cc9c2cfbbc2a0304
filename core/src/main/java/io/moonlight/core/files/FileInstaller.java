package io.moonlight.core.files;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Installs a rendered file the safe way: compare with what is there (unchanged: do nothing), back
 * the old one up with a timestamp, swap the new one in atomically, validate, and roll back when the
 * validation fails. Under {@code --dry-run} it only records the file and its content in the plan.
 * Works on this host or another one, through {@link HostFiles}.
 */
public final class FileInstaller {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final HostFiles files;
    private final Clock clock;
    private final DryRunPlan dryRun;

    /** @param dryRun where planned writes go under a dry run; {@link DryRunPlan#NONE} writes for real */
    public FileInstaller(HostFiles files, Clock clock, DryRunPlan dryRun) {
        this.files = files;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    public StepReport install(String step, String target, String content, String octalMode, FileValidator validator) {
        return install(step, target, content, content, octalMode, validator);
    }

    /** As {@link #install(String, String, String, String, FileValidator)}; a dry run records {@code shown} (a secret masked) instead of the content. */
    public StepReport install(String step, String target, String content, String shown, String octalMode,
            FileValidator validator) {
        Optional<String> current = files.read(target);
        if (current.isPresent() && current.get().equals(content)) {
            return StepReport.of(step, where(target), ChangeStatus.UNCHANGED);
        }
        if (dryRun.isDryRun()) {
            dryRun.file(where(target), shown);
            return StepReport.of(step, where(target), ChangeStatus.WOULD_CHANGE);
        }
        Optional<String> backup = current.isPresent() ? Optional.of(backUp(target)) : Optional.empty();
        files.writeAtomically(target, content, octalMode);
        try {
            validator.validate();
        } catch (MoonlightException e) {
            restore(target, backup);
            throw e;
        }
        return new StepReport(step, where(target), ChangeStatus.CHANGED,
                backup.map(b -> List.of("backup: " + b)).orElse(List.of()));
    }

    /** Puts a file back as it was before {@link #install}: the backup's content, or no file at all. */
    public void restore(String target, Optional<String> backup) {
        if (backup.isPresent()) {
            files.copy(backup.get(), target);
        } else {
            files.delete(target);
        }
    }

    /** Copies the file beside itself as NAME.moonlight-YYYYMMDD-HHMMSS.bak and returns the copy's path. */
    public String backUp(String target) {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        String backup = target + ".moonlight-" + stamp + ".bak";
        for (int n = 1; files.exists(backup); n++) {
            backup = target + ".moonlight-" + stamp + "-" + n + ".bak";
        }
        files.copy(target, backup);
        return backup;
    }

    public boolean isDryRun() {
        return dryRun.isDryRun();
    }

    public HostFiles files() {
        return files;
    }

    private String where(String target) {
        return "localhost".equals(files.host()) ? target : files.host() + ":" + target;
    }
}
