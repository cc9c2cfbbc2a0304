package io.moonlight.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The launcher's training run for the class-data sharing archive: runs the common read-only
 * commands once, output discarded, so the archive holds the classes they load (picocli's model
 * and help, and the configuration's YAML and JSON for {@code config show}).
 */
public final class StartupTraining {
    private static final String[][] COMMANDS = {
        {"--version"}, {"--help"}, {"config", "--help"}, {"config", "show"}, {"config", "show", "--json"},
        {"completion", "bash"},
    };

    private StartupTraining() {
    }

    public static void main(String[] args) {
        for (String[] command : COMMANDS) {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(Writer.nullWriter()));
            cli.setErr(new PrintWriter(Writer.nullWriter()));
            cli.execute(command);
        }
    }
}
