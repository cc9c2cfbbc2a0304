package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", description = "Install and check what moonlight needs on the hosts.",
        subcommands = {InstallSysctlCommand.class})
public final class InstallCommand {
}
