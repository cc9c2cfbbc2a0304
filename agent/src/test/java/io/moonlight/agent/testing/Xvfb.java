package io.moonlight.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A throwaway Xvfb for the agent's tests, on a display from :200 up (sessions take :10 and above,
 * their tests the low ones), with MIT-SHM, XTEST and DAMAGE as Xvfb has them by default; or an Xorg
 * with the dummy driver for what Xvfb cannot do (changing its size with xrandr).
 * Fails, never skips, when the server cannot start.
 */
public final class Xvfb implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);
    private final Process process;
    private final int display;
    private final Path files;

    private Xvfb(Process process, int display, Path files) {
        this.process = process;
        this.display = display;
        this.files = files;
    }

    public static Xvfb start(int width, int height) throws IOException, InterruptedException {
        return start(width, height, List.of());
    }

    /** With more of Xvfb's arguments, e.g. {@code -extension MIT-SHM} for a server without shared memory. */
    public static Xvfb start(int width, int height, List<String> arguments) throws IOException, InterruptedException {
        return start(null, display -> {
            List<String> command = new ArrayList<>(List.of("Xvfb", ":" + display, "-screen", "0",
                    width + "x" + height + "x24", "-nolisten", "tcp", "-noreset"));
            command.addAll(arguments);
            return command;
        });
    }

    /**
     * Xorg with the dummy driver, as sessions run it, on a virtual screen of at most 1920x1080 (its
     * modes include 1920x1080 and smaller ones; xrandr switches between them). Its output is DUMMY0.
     */
    public static Xvfb startXorgDummy() throws IOException, InterruptedException {
        Path files = Files.createTempDirectory("xorg-dummy");
        Path config = Files.writeString(files.resolve("xorg.conf"), String.join("\n",
                "Section \"ServerFlags\"", "  Option \"AutoAddDevices\" \"false\"", "EndSection",
                "Section \"Device\"", "  Identifier \"dummy\"", "  Driver \"dummy\"", "  VideoRam 64000", "EndSection",
                "Section \"Monitor\"", "  Identifier \"monitor\"", "  HorizSync 5.0-1000.0", "  VertRefresh 5.0-200.0",
                "EndSection",
                "Section \"Screen\"", "  Identifier \"screen\"", "  Device \"dummy\"", "  Monitor \"monitor\"",
                "  DefaultDepth 24", "  SubSection \"Display\"", "    Depth 24", "    Virtual 1920 1080", "  EndSubSection",
                "EndSection", ""));
        return start(files, display -> List.of("/usr/lib/xorg/Xorg", ":" + display, "-config", config.toString(),
                "-logfile", files.resolve("Xorg.log").toString(), "-novtswitch", "-nolisten", "tcp", "-noreset"));
    }

    private static Xvfb start(Path files, IntFunction<List<String>> server) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int display = 200 + ThreadLocalRandom.current().nextInt(300);
            if (Files.exists(Path.of("/tmp/.X" + display + "-lock"))) {
                continue;
            }
            Path log = Files.createTempFile("xvfb-" + display, ".log");
            Process process = new ProcessBuilder(server.apply(display))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            long deadline = System.nanoTime() + START.toNanos();
            while (process.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (process.isAlive() && Files.exists(socket)) {
                Files.deleteIfExists(log);
                return new Xvfb(process, display, files);
            }
            process.destroyForcibly().waitFor();
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (!output.contains("already active") && !output.contains("Server is already")) {
                throw new IllegalStateException("X server :" + display + " did not start: " + output);
            }
        }
        throw new IllegalStateException("no free display for Xvfb between :200 and :499");
    }

    /** The display's name, e.g. {@code :231}. */
    public String name() {
        return ":" + display;
    }

    /** Runs an X client on this display; its output, or an AssertionError naming the command when it fails. */
    public String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DISPLAY", name());
        Process client = builder.start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (client.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " on " + name() + ": " + output);
        }
        return output;
    }

    /**
     * Copies text to the display's CLIPBOARD selection with xclip, as a user's copy in an application
     * does: xclip owns the selection and serves it from the background until another client takes it.
     */
    public void copyToClipboard(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile("clipboard", ".txt");
        try {
            Files.writeString(file, text);
            ProcessBuilder builder = new ProcessBuilder("xclip", "-selection", "clipboard", "-i", file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DISPLAY", name());
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new AssertionError("xclip on " + name() + " could not take the clipboard (exit " + exit + ")");
            }
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Waits up to 10 s until an application pasting the CLIPBOARD (xclip, as UTF8_STRING) gets
     * {@code expected}; an AssertionError naming what it got otherwise.
     */
    public void awaitClipboard(String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        String pasted = null;
        while (!expected.equals(pasted) && System.nanoTime() < deadline) {
            try {
                pasted = run("xclip", "-o", "-selection", "clipboard", "-t", "UTF8_STRING");
            } catch (AssertionError noOwnerYet) {
                Thread.sleep(20);
            }
        }
        if (!expected.equals(pasted)) {
            throw new AssertionError("the clipboard of " + name() + " holds " + abbreviated(pasted)
                    + ", not " + abbreviated(expected));
        }
    }

    private static String abbreviated(String text) {
        return text == null ? "nothing" : "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }

    /** Sets the Xorg dummy's screen to 1920x1080 or 1280x720 with xrandr. */
    public void resize(int width, int height) throws IOException, InterruptedException {
        String mode = width + "x" + height;
        if (mode.equals("1280x720") && !run("xrandr").contains("1280x720_test")) {
            run("xrandr", "--newmode", "1280x720_test", "74.25", "1280", "1328", "1360", "1440", "720", "723", "728", "750");
            run("xrandr", "--addmode", "DUMMY0", "1280x720_test");
        }
        run("xrandr", "--output", "DUMMY0", "--mode", mode.equals("1280x720") ? "1280x720_test" : mode);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (files != null) {
            try (Stream<Path> paths = Files.walk(files)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
