package io.moonlight.cli;

import java.util.Optional;
import picocli.CommandLine;

/** Entry point of the {@code moonlight} command. */
public final class Main {

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
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MoonlightCommand());
        ErrorReporter errors = new ErrorReporter();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                Output.colourWanted() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return cli;
    }
}
