package io.moonlight.cli;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr (what is wrong, and a hint how to fix it) and the
 * exit code of the table; the stack trace only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (ex instanceof MoonlightException failure) {
            err.println(line(failure.getMessage(), failure.hint().orElse(null)));
            printTraceIfVerbose(ex, cli);
            return failure.exitCode().code();
        }
        err.println(line("internal error: " + ex, "run again with --verbose and report the stack trace"));
        printTraceIfVerbose(ex, cli);
        return ExitCode.ERROR.code();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(line(ex.getMessage(), "see '" + command + " --help'"));
        return ExitCode.USAGE.code();
    }

    static String line(String message, String hint) {
        return "moonlight: " + message + (hint == null ? "" : " (hint: " + hint + ")");
    }

    private static void printTraceIfVerbose(Exception ex, CommandLine cli) {
        if (((MoonlightCommand) cli.getCommandSpec().root().userObject()).verbose()) {
            ex.printStackTrace(cli.getErr());
        }
    }
}
