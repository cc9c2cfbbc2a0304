package io.moonlight.cli;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.ConfigSource;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code moonlight}: holds the options every command shares. Its command groups are those of
 * {@link MoonlightCommandTree}; {@link Main} builds the model with only the group a command line
 * names where it can.
 */
@Command(name = "moonlight",
        // INHERIT copies these attributes (standard help options, exit-code table, footer) to every
        // subcommand, so each command's --help and man page show the exit codes.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Remote Linux desktops on Slurm GPU visualization nodes at game-streaming latency.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also: already in the wanted state)",
            "1:error: a step failed, or a doctor check failed",
            "2:usage or bad input: nothing was changed",
            "3:--check found the live state differs from the wanted state",
            "4:nothing to do: every target was skipped",
            "5:a required tool or service is missing or unreachable"},
        footerHeading = "%nFiles and environment:%n",
        footer = {
            "Configuration: --config FILE, else $MOONLIGHT_CONFIG, else /etc/moonlight/moonlight.yaml.",
            "NO_COLOR=1 turns colours off; --verbose adds stack traces to errors."})
public class MoonlightCommand {
    private Path configFile;
    private boolean verbose;
    private ConfigSource config;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: $MOONLIGHT_CONFIG or /etc/moonlight/moonlight.yaml).")
    void setConfigFile(Path file) {
        this.configFile = file;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print more detail, and stack traces on errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The configuration, read once on first use (commands that need none never pay for it). */
    public ConfigSource config() {
        if (config == null) {
            config = ConfigLoader.load(configFile, System.getenv());
        }
        return config;
    }
}
