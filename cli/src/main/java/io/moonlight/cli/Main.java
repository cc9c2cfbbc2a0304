package io.moonlight.cli;

import picocli.CommandLine;

/** Entry point of the {@code moonlight} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Scripts and cron jobs ask for the version to check an installation: answered before
        // picocli reflects over every command to build the model, which is most of a start's cost.
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            System.exit(0);
        }
        System.exit(run(args));
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
        return cli;
    }
}
