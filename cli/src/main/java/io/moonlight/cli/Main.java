package io.moonlight.cli;

import io.moonlight.cli.completion.CompletionCommand;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;

/** Entry point of the {@code moonlight} command. */
public final class Main {
    private static final Set<Class<?>> WHOLE_TREE_PRINTERS = Set.of(HelpCommand.class, CompletionCommand.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(runFromShell(args));
    }

    /**
     * What {@link #main} runs. Scripts and cron jobs ask for the version or help: answered before
     * picocli reflects over every command to build the model, which is most of a start's cost.
     */
    static int runFromShell(String... args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            return 0;
        }
        Optional<String> help = PrerenderedHelp.lookup(args, Output.colourWanted());
        if (help.isPresent()) {
            System.out.print(help.get());
            System.out.flush();
            return 0;
        }
        return run(args);
    }

    /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return commandLineFor(args).execute(args);
    }

    /** The whole command tree. */
    public static CommandLine commandLine() {
        return configured(new CommandLine(new MoonlightCommandTree()));
    }

    /**
     * The model for one command line. picocli's model of every command costs more than the rest of
     * a session query's start (docs/benchmarks.md), so when the first argument that names a command
     * group leads to a command line that parses, only the root and that group are built. Otherwise
     * (no group, a usage error, whose message names the other commands, or help and completion,
     * which print the whole tree) the whole tree is.
     */
    static CommandLine commandLineFor(String... args) {
        Map<String, Class<?>> groups = new HashMap<>();
        for (Class<?> group : MoonlightCommandTree.groups()) {
            groups.put(group.getAnnotation(Command.class).name(), group);
        }
        Optional<Class<?>> named = Arrays.stream(args).map(groups::get).filter(Objects::nonNull).findFirst();
        if (named.isEmpty() || WHOLE_TREE_PRINTERS.contains(named.get())) {
            return commandLine();
        }
        CommandLine root = new CommandLine(new MoonlightCommand());
        root.addSubcommand(named.get());
        CommandLine cli = configured(root);
        try {
            cli.parseArgs(args);
            return cli;
        } catch (ParameterException e) {
            return commandLine();
        }
    }

    // After the subcommands are added: picocli passes these settings on to the subcommands it has.
    private static CommandLine configured(CommandLine cli) {
        ErrorReporter errors = new ErrorReporter();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                Output.colourWanted() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return cli;
    }
}
