package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", mixinStandardHelpOptions = true, description = "Set up what moonlight needs: images, and the host's services.",
        subcommands = {InstallImagesCommand.class, InstallSysctlCommand.class, InstallNginxCommand.class})
public final class InstallCommand {
}
