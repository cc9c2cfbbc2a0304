package io.moonlight.core.systemd;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileValidator;

/**
 * sudo's own parser as the judge of a sudoers file: sudo refuses to run at all while a file in
 * sudoers.d does not parse, so a candidate is checked ({@code visudo -c -f -}, from standard input)
 * before anything is written, and the live configuration as a whole ({@code visudo -c}) after the
 * swap, where a clash with another file (an alias defined twice) would show.
 */
final class SudoersCheck {
    private final CommandRunner runner;

    SudoersCheck(CommandRunner runner) {
        this.runner = runner;
    }

    /** Throws with visudo's own complaint when {@code content}, to become {@code target}, does not parse. */
    void candidate(String content, String target) {
        ExecResult result = run(ExternalCommand.of("visudo", "-c", "-f", "-").withStdin(content).asReadOnly());
        if (!result.succeeded()) {
            throw MoonlightException.failed("visudo refuses the rendered " + target + ": "
                    + complaint(result).replaceFirst("^stdin:", "line "),
                    "nothing was written; fix the template (an override in paths.site_dir?) or the value it names");
        }
    }

    /** After the swap into the live system: the whole configuration, with every file it includes. */
    FileValidator wholeConfiguration() {
        return () -> {
            ExecResult result = run(ExternalCommand.of("visudo", "-c").asReadOnly());
            if (!result.succeeded()) {
                throw MoonlightException.failed("visudo -c fails with the new file in place: " + complaint(result),
                        "the file was put back as it was; fix the conflict visudo reports (another file in /etc/sudoers.d?)");
            }
        };
    }

    private ExecResult run(ExternalCommand command) {
        try {
            return runner.run(command);
        } catch (MoonlightException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw MoonlightException.unavailable("cannot run visudo on " + runner.target() + ": " + e.getMessage(),
                        "install sudo (Debian: apt-get install sudo); the gateway service acts as users through it");
            }
            throw e;
        }
    }

    /** visudo's first line about the problem ("stdin:3:28: expected a fully-qualified path name"). */
    private static String complaint(ExecResult result) {
        return (result.stderr() + "\n" + result.stdout()).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.endsWith("parsed OK"))
                .findFirst().orElseGet(result::complaint);
    }
}
