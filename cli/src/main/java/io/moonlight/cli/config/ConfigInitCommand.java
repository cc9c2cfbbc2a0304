package io.moonlight.cli.config;

import io.moonlight.cli.Cli;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.files.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight config init}: the commented default configuration. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write the commented default configuration (to stdout, or to --output FILE).")
public final class ConfigInitCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    private Path output;

    @Option(names = "--force", description = "Overwrite an existing FILE.")
    private boolean force;

    @Override
    public Integer call() {
        String text = ConfigLoader.commentedDefault();
        if (output == null) {
            cli.out().stdout().print(text);
            cli.out().stdout().flush();
            return 0;
        }
        if (Files.exists(output) && !force) {
            throw MoonlightException.badInput(output + " already exists", "add --force to overwrite it");
        }
        new LocalHostFiles().writeAtomically(output.toAbsolutePath().toString(), text, "644");
        cli.out().info("wrote " + output);
        return 0;
    }
}
