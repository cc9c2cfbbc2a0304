package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help ends with the one exit-code table, whoever added the command. */
class HelpExitCodesTest {

    @Test
    void everyCommandsHelpShowsTheWholeExitCodeTable() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(), commands);
        assertTrue(commands.size() > 3, "the command tree was not walked");
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName();
            List<String> args = new ArrayList<>(List.of(name.split(" ")));
            args.remove(0);
            args.add("--help");
            String help = run(args);
            assertTrue(help.contains("Exit codes:"), name + " --help has no exit-code table:\n" + help);
            for (ExitCode code : ExitCode.values()) {
                assertTrue(Pattern.compile("(?m)^\\s+" + code.code() + "\\s+" + Pattern.quote(code.meaning()) + "$")
                        .matcher(help).find(), name + " --help lacks exit code " + code + ":\n" + help);
            }
        }
    }

    @Test
    void helpGoesToStdoutAndExitsZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("config", "show", "--help"));
        assertTrue(out.toString().startsWith("Usage: moonlight config show"));
        assertFalse(err.toString().contains("Usage"));
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        into.add(command);
        // a command registered under several aliases is listed once
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    private static String run(List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), "exit code of " + args);
        return out.toString();
    }
}
