package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The help texts written at build time are exactly what picocli prints for each command's --help. */
class PrerenderedHelpTest {
    @TempDir
    Path dir;

    @Test
    void writesWhatPicocliPrintsForEveryCommand() throws Exception {
        PrerenderedHelp.main(new String[] {dir.toString()});
        Path texts = dir.resolve("io/moonlight/cli/help");
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(), commands);
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName("-");
            List<String> args = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName().split(" ")));
            args.remove(0);
            args.add("--help");
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(args.toArray(String[]::new)));
            assertEquals(out.toString(), Files.readString(texts.resolve(name + ".txt")), name);
            assertTrue(Files.readString(texts.resolve(name + ".ansi")).contains("\u001b["), name);
        }
    }

    @Test
    void answersOnlyHelpOfCommandNames() {
        assertTrue(PrerenderedHelp.lookup(new String[] {"config", "show"}, false).isEmpty());
        assertTrue(PrerenderedHelp.lookup(new String[] {"../../etc", "--help"}, false).isEmpty());
        assertTrue(PrerenderedHelp.lookup(new String[] {"--config", "x.yaml", "--help"}, false).isEmpty());
        assertTrue(PrerenderedHelp.lookup(new String[] {"no-such-command", "--help"}, false).isEmpty());
        assertTrue(PrerenderedHelp.lookup(new String[] {"", "--help"}, false).isEmpty());
        assertTrue(PrerenderedHelp.lookup(new String[] {"Config", "--help"}, false).isEmpty());
    }

    @Command(name = "tool", description = "Writes to ${env:HOME} unless told otherwise.")
    static final class EnvironmentInDescription {
    }

    @Command(name = "tool")
    static final class EnvironmentInDefault {
        @Option(names = "--dir", defaultValue = "${sys:user.home}", description = "Default: ${DEFAULT-VALUE}.")
        String dir;
    }

    @Command(name = "tool", description = "Lists ${COMMAND-NAME}: one of ${COMPLETION-CANDIDATES}; costs $${env:X}.")
    static final class ModelVariablesOnly {
        @Option(names = "--n", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
        int n;
    }

    @Test
    void leavesHelpThatReadsTheEnvironmentToPicocli() throws Exception {
        assertTrue(PrerenderedHelp.readsTheEnvironment(new CommandLine(new EnvironmentInDescription()).getCommandSpec()));
        assertTrue(PrerenderedHelp.readsTheEnvironment(new CommandLine(new EnvironmentInDefault()).getCommandSpec()));
        assertFalse(PrerenderedHelp.readsTheEnvironment(new CommandLine(new ModelVariablesOnly()).getCommandSpec()));

        PrerenderedHelp.write(new CommandLine(new EnvironmentInDescription()), dir);
        assertFalse(Files.exists(dir.resolve("help/tool.txt")));
        PrerenderedHelp.write(new CommandLine(new ModelVariablesOnly()), dir);
        assertTrue(Files.exists(dir.resolve("help/tool.txt")));
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
