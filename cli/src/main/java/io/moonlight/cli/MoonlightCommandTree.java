package io.moonlight.cli;

import io.moonlight.cli.agent.AgentCommand;
import io.moonlight.cli.cleanup.CleanupCommand;
import io.moonlight.cli.completion.CompletionCommand;
import io.moonlight.cli.config.ConfigCommand;
import io.moonlight.cli.doctor.DoctorCommand;
import io.moonlight.cli.gateway.GatewayCommand;
import io.moonlight.cli.install.InstallCommand;
import io.moonlight.cli.session.SessionCommand;
import io.moonlight.cli.uninstall.UninstallCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code moonlight} with every command group: the whole command tree, from which help, man pages
 * and completion scripts are made.
 */
@Command(subcommands = {HelpCommand.class, ConfigCommand.class, InstallCommand.class, UninstallCommand.class,
    SessionCommand.class, CleanupCommand.class, DoctorCommand.class, GatewayCommand.class, AgentCommand.class,
    CompletionCommand.class})
public final class MoonlightCommandTree extends MoonlightCommand {

    /** The command groups, as declared above (one annotation read, no model built). */
    static List<Class<?>> groups() {
        return List.of(MoonlightCommandTree.class.getAnnotation(Command.class).subcommands());
    }
}
