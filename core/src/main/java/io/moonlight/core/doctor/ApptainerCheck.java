package io.moonlight.core.doctor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Apptainer itself, and each configured image file. */
public final class ApptainerCheck implements Check {
    private final CommandRunner runner;
    private final MoonlightConfig config;

    public ApptainerCheck(CommandRunner runner, MoonlightConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Override
    public String name() {
        return "apptainer";
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        try {
            ExecResult version = runner.run(ExternalCommand.of(config.apptainer().binary(), "--version").asReadOnly());
            results.add(CheckResult.pass(name(), version.stdout().strip()));
        } catch (MoonlightException e) {
            results.add(CheckResult.fail(name(), "'" + config.apptainer().binary() + "' not found",
                    "install Apptainer (https://apptainer.org/docs/admin/main/installation.html) or set apptainer.binary"));
        }
        config.images().forEach((id, image) -> {
            Path file = config.paths().imageDir().resolve(image.file());
            results.add(Files.isRegularFile(file)
                    ? CheckResult.pass("image " + id, file.toString())
                    : CheckResult.warn("image " + id, file + " is missing",
                            "build it with 'moonlight install images --image " + id + "'"));
        });
        return results;
    }
}
