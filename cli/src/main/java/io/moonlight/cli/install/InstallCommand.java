package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Set up what moonlight needs: images, the host's services and the Slurm QoS.",
        subcommands = {InstallImagesCommand.class, InstallSysctlCommand.class, InstallNginxCommand.class,
            InstallQosCommand.class})
public final class InstallCommand {
}
