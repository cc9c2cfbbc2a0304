package io.moonlight.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Xvfb for the agent's tests, on a display from :200 up (sessions take :10 and above,
 * their tests the low ones), with MIT-SHM, XTEST and DAMAGE as Xvfb has them by default.
 * Fails, never skips, when Xvfb cannot start.
 */
public final class Xvfb implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);
    private final Process process;
    private final int display;

    private Xvfb(Process process, int display) {
        this.process = process;
        this.display = display;
    }

    public static Xvfb start(int width, int height) throws IOException, InterruptedException {
        return start(width, height, List.of());
    }

    /** With more of Xvfb's arguments, e.g. {@code -extension MIT-SHM} for a server without shared memory. */
    public static Xvfb start(int width, int height, List<String> arguments) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int display = 200 + ThreadLocalRandom.current().nextInt(300);
            if (Files.exists(Path.of("/tmp/.X" + display + "-lock"))) {
                continue;
            }
            Path log = Files.createTempFile("xvfb-" + display, ".log");
            List<String> command = new ArrayList<>(List.of("Xvfb", ":" + display, "-screen", "0",
                    width + "x" + height + "x24", "-nolisten", "tcp", "-noreset"));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            long deadline = System.nanoTime() + START.toNanos();
            while (process.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (process.isAlive() && Files.exists(socket)) {
                Files.deleteIfExists(log);
                return new Xvfb(process, display);
            }
            process.destroyForcibly().waitFor();
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (!output.contains("already active") && !output.contains("Server is already")) {
                throw new IllegalStateException("Xvfb :" + display + " did not start: " + output);
            }
        }
        throw new IllegalStateException("no free display for Xvfb between :200 and :499");
    }

    /** The display's name, e.g. {@code :231}. */
    public String name() {
        return ":" + display;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
