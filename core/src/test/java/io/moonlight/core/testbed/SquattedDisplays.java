package io.moonlight.core.testbed;

import io.moonlight.core.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * X displays taken the way any local user can take them: a process of {@code user} (through
 * runuser) binds the abstract sockets {@code @/tmp/.X11-unix/X<n>}, which need no file and no
 * permission, so that an X server started on such a display cannot listen. The process ends by
 * itself after {@code atMost}, or at {@link #close}.
 */
public final class SquattedDisplays implements AutoCloseable {
    /** Binds every name given after the script, says so, then sleeps until it is ended. */
    private static final String SQUATTER = String.join("\n",
            "import socket, sys, time",
            "held = []",
            "for name in sys.argv[1:]:",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    s.bind('\\0' + name)",
            "    s.listen(1)",
            "    held.append(s)",
            "print('bound', flush=True)",
            "time.sleep(3600)");
    private final Process process;
    private final Path output;
    private final List<Integer> displays;

    private SquattedDisplays(Process process, Path output, List<Integer> displays) {
        this.process = process;
        this.output = output;
        this.displays = displays;
    }

    /** Returns once /proc/net/unix lists every one of the displays' abstract sockets. */
    public static SquattedDisplays bind(String user, List<Integer> displays, Duration atMost) {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--", "timeout", String.valueOf(atMost.toSeconds()),
                "/usr/bin/python3", "-c", SQUATTER));
        displays.forEach(d -> argv.add(name(d)));
        try {
            Path output = Files.createTempFile("squatter", ".out");
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            SquattedDisplays squatted = new SquattedDisplays(process, output, List.copyOf(displays));
            Await.until(user + " holds the abstract sockets of " + displays, Duration.ofSeconds(20), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the squatter ended: " + squatted.output());
                }
                return squatted.allBound();
            });
            return squatted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Integer> displays() {
        return displays;
    }

    /** The abstract name an X server on {@code :display} listens on. */
    public static String name(int display) {
        return "/tmp/.X11-unix/X" + display;
    }

    private boolean allBound() {
        try {
            List<String> table = Files.readAllLines(Path.of("/proc/net/unix"));
            return displays.stream().allMatch(d -> table.stream().anyMatch(l -> l.endsWith(" @" + name(d))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Await.until("the squatter of " + displays + " is gone", Duration.ofSeconds(10), () -> !allBound());
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // A temp file left behind harms nothing.
        }
    }
}
