package io.moonlight.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The launcher's training run for the class-data sharing archive: runs the common read-only
 * commands once as {@code main} would (the launcher discards the output), so the archive holds the
 * classes they load: picocli's model and help, the YAML configuration and its JSON, and the session
 * queries over SQLite and the local scheduler. Those run over a configuration and store of their
 * own in a private temporary directory, removed afterwards; the host's configuration is not read.
 */
public final class StartupTraining {
    private static final String[][] COMMANDS = {
        {"--version"}, {"--help"}, {"completion", "bash"}, {"help", "config"},
    };
    /** Run with {@code --config FILE} of the training's own configuration. */
    private static final String[][] CONFIGURED_COMMANDS = {
        {"config", "show"}, {"config", "show", "--json"}, {"session", "list"}, {"session", "list", "--json"},
        {"session", "show", "ml-training-20260101000000-abc234"},
    };

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        for (String[] command : COMMANDS) {
            Main.runFromShell(command);
        }
        Path dir = Files.createTempDirectory("moonlight-training");
        try {
            Path config = dir.resolve("moonlight.yaml");
            Files.writeString(config, String.join("\n",
                    "paths:",
                    "  state_dir: " + dir.resolve("state"),
                    "  session_root: " + dir.resolve("sessions"),
                    "store:",
                    "  sqlite_path: " + dir.resolve("moonlight.db"),
                    "sessions:",
                    "  scheduler: local",
                    ""));
            for (String[] command : CONFIGURED_COMMANDS) {
                String[] withConfig = Stream.concat(Stream.of("--config", config.toString()), Stream.of(command))
                        .toArray(String[]::new);
                Main.runFromShell(withConfig);
            }
        } finally {
            removeTree(dir);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
