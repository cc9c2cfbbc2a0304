package io.moonlight.cli.uninstall;

import picocli.CommandLine.Command;

/** {@code moonlight uninstall}: lists its subcommands. */
@Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Take out what 'moonlight install' put in.",
        subcommands = {UninstallNginxCommand.class})
public final class UninstallCommand {
}
