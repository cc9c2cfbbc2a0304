package io.moonlight.cli.config;

import picocli.CommandLine.Command;

/** {@code moonlight config}: lists its subcommands. */
@Command(name = "config", description = "Show or create the configuration.",
        subcommands = {ConfigShowCommand.class, ConfigInitCommand.class})
public final class ConfigCommand {
}
