package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", mixinStandardHelpOptions = true, description = "Set up what moonlight needs on the cluster, idempotently.",
        subcommands = {InstallQosCommand.class})
public final class InstallCommand {
}
