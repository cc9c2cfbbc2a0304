package io.moonlight.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile local user's process racing moonlight: one of the scripts in {@code attacks/} of the test
 * resources, run by python3 as {@code user} (runuser), for at most the given time; closing it kills
 * it. It is running when {@link #start} returns; it says "won PATH" each time it changed a file in
 * time, which {@link #wins} collects.
 */
public final class Racer implements AutoCloseable {
    private final Process process;
    private final List<String> wins = new CopyOnWriteArrayList<>();

    private Racer(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code attacks/<script>} as {@code user} with {@code args}; the script is copied to
     * {@code workDir} (which the user must be able to read).
     */
    public static Racer start(String user, Path workDir, String script, Duration limit, String... args)
            throws IOException {
        Path copy = workDir.resolve(script);
        try (InputStream in = Racer.class.getResourceAsStream("/attacks/" + script)) {
            Files.copy(in, copy);
        }
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--", "env",
                "RACER_SECONDS=" + limit.toSeconds(), "python3", copy.toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"racing".equals(first)) {
            process.destroyForcibly();
            throw new IllegalStateException("the racer " + script + " as " + user + " did not start: " + first);
        }
        Racer racer = new Racer(process);
        Thread reader = new Thread(() -> racer.collect(out), "racer " + script);
        reader.setDaemon(true);
        reader.start();
        return racer;
    }

    /** The paths the racer changed in time so far. */
    public List<String> wins() {
        return List.copyOf(wins);
    }

    private void collect(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("won ")) {
                    wins.add(line.substring(4));
                }
            }
        } catch (IOException killed) {
            // Closed: nothing more to collect.
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
