package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", mixinStandardHelpOptions = true, description = "Set up a part of the service (idempotent; --dry-run shows what would change).",
        subcommands = {InstallNginxCommand.class})
public final class InstallCommand {
}
