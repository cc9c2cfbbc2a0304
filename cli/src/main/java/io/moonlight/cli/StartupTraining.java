package io.moonlight.cli;

/**
 * The launcher's training run for the class-data sharing archive: runs the common read-only
 * commands once as {@code main} would (the launcher discards the output), so the archive holds the
 * classes they load: picocli's model and help, and the YAML and JSON of {@code config show}.
 */
public final class StartupTraining {
    private static final String[][] COMMANDS = {
        {"--version"}, {"--help"}, {"config", "show"}, {"config", "show", "--json"}, {"completion", "bash"},
        {"help", "config"},
    };

    private StartupTraining() {
    }

    public static void main(String[] args) {
        for (String[] command : COMMANDS) {
            Main.runFromShell(command);
        }
    }
}
