package io.moonlight.cli.install;

import picocli.CommandLine.Command;

/** {@code moonlight install}: lists its subcommands. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Set up what moonlight needs: images, the host's services, the Slurm QoS and the gateway service.",
        subcommands = {InstallImagesCommand.class, InstallSysctlCommand.class, InstallNginxCommand.class,
            InstallQosCommand.class, InstallGatewayServiceCommand.class, InstallCronCommand.class,
            InstallTurnCommand.class})
public final class InstallCommand {
}
