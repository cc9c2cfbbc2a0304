package io.moonlight.core.files;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Installs a rendered file the safe way: compare with what is there (unchanged: do nothing), back
 * the old one up with a timestamp, swap the new one in atomically, validate, and roll back when the
 * validation fails. Under {@code --dry-run} it only records the file and its content in the plan.
 */
public final class FileInstaller {
    public static final Set<PosixFilePermission> MODE_644 = PosixFilePermissions.fromString("rw-r--r--");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Clock clock;
    private final DryRunPlan dryRun;

    /** @param dryRun where planned writes go, or {@code null} to write for real */
    public FileInstaller(Clock clock, DryRunPlan dryRun) {
        this.clock = clock;
        this.dryRun = dryRun;
    }

    public StepReport install(String step, Path target, String content, Set<PosixFilePermission> mode,
            FileValidator validator) {
        Optional<String> current = read(target);
        if (current.isPresent() && current.get().equals(content)) {
            return StepReport.of(step, target.toString(), ChangeStatus.UNCHANGED);
        }
        if (dryRun != null) {
            dryRun.file(target.toString(), content);
            return StepReport.of(step, target.toString(), ChangeStatus.WOULD_CHANGE);
        }
        Optional<Path> backup = current.isPresent() ? Optional.of(backUp(target)) : Optional.empty();
        AtomicFiles.write(target, content, mode);
        try {
            validator.validate();
        } catch (MoonlightException e) {
            restore(target, backup);
            throw e;
        }
        return new StepReport(step, target.toString(), ChangeStatus.CHANGED,
                backup.map(b -> List.of("backup: " + b)).orElse(List.of()));
    }

    /** Puts a file back as it was before {@link #install}: the backup, or no file at all. */
    public void restore(Path target, Optional<Path> backup) {
        try {
            if (backup.isPresent()) {
                Path temp = target.resolveSibling("." + target.getFileName() + ".restore.tmp");
                Files.copy(backup.get(), temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                AtomicFiles.moveAtomically(temp, target);
            } else {
                Files.deleteIfExists(target);
            }
        } catch (IOException e) {
            throw MoonlightException.failed("cannot roll back " + target + ": " + AtomicFiles.describe(e),
                    backup.map(b -> "restore it by hand from " + b).orElse("remove it by hand"));
        }
    }

    /** Copies the file beside itself as NAME.moonlight-YYYYMMDD-HHMMSS.bak and returns the copy. */
    public Path backUp(Path target) {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path backup = target.resolveSibling(target.getFileName() + ".moonlight-" + stamp + ".bak");
        for (int n = 1; Files.exists(backup); n++) {
            backup = target.resolveSibling(target.getFileName() + ".moonlight-" + stamp + "-" + n + ".bak");
        }
        try {
            Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
            return backup;
        } catch (IOException e) {
            throw MoonlightException.failed("cannot back up " + target + ": " + AtomicFiles.describe(e),
                    "check that " + target.getParent() + " is writable by this user");
        }
    }

    public boolean isDryRun() {
        return dryRun != null;
    }

    private static Optional<String> read(Path target) {
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(target, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read " + target + ": " + AtomicFiles.describe(e),
                    "check the file's permissions");
        }
    }
}
