package io.moonlight.cli.session;

import picocli.CommandLine.Command;

/** {@code moonlight session}: lists its subcommands. */
@Command(name = "session", mixinStandardHelpOptions = true,
        description = "Start, stop, list, show, pair and share desktop sessions, and read their logs (Slurm jobs, or "
                + "processes on a single host).",
        subcommands = {SessionStartCommand.class, SessionStopCommand.class, SessionListCommand.class,
            SessionShowCommand.class, SessionPairCommand.class, SessionShareCommand.class, SessionLogsCommand.class,
            SessionRunCommand.class})
public final class SessionCommand {
}
