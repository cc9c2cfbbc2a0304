package io.moonlight.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The moonlight command in a child JVM started by a shell with a given umask, as an operator's shell,
 * cron or a service manager may start it: what it creates must be private whatever the umask.
 */
public final class UmaskedCli {
    private UmaskedCli() {
    }

    /** The process for {@code moonlight ARGS} under {@code umask} (e.g. "000"), not started yet. */
    public static ProcessBuilder command(String umask, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "umask \"$0\" && exec \"$@\"", umask,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main"));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv);
    }
}
