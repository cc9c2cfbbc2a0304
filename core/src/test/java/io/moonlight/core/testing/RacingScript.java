package io.moonlight.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attacker: a Python script from the test resources ({@code attack/}) run as a local user with
 * setpriv (no root left, no shell between), racing the privileged code under test. The script prints
 * "ready" once its setup is done, and "won PATH" each time it changed a file in time ({@link #wins});
 * it bounds its own run time, and {@link #close()} stops it in any case.
 */
public final class RacingScript implements AutoCloseable {
    /** Debian's interpreter: a user cannot reach one installed below /root. */
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private RacingScript(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "racing script output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Copies {@code attack/<script>} into {@code dir} (readable by everyone) and starts it as {@code user}
     * with {@code args}; returns once it printed "ready".
     */
    public static RacingScript startAs(String user, String script, Path dir, String... args) throws IOException {
        Path copy = dir.resolve(script);
        try (InputStream in = RacingScript.class.getResourceAsStream("/attack/" + script)) {
            if (in == null) {
                throw new IllegalStateException("no test resource attack/" + script);
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups",
                PYTHON, copy.toString()));
        argv.addAll(List.of(args));
        RacingScript racer = new RacingScript(new ProcessBuilder(argv).redirectErrorStream(true).start());
        try {
            racer.ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            racer.close();
            throw new AssertionError(script + " as " + user + " did not get ready: " + racer.output(), e);
        }
        return racer;
    }

    /** Waits for the script to end by itself; false when it still ran after {@code seconds}. */
    public boolean awaitEnd(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public synchronized String output() {
        return output.toString();
    }

    /** The paths the script changed in time so far. */
    public List<String> wins() {
        return output().lines().filter(line -> line.startsWith("won ")).map(line -> line.substring(4)).toList();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (this) {
                    output.append(line).append('\n');
                }
                if (line.equals("ready")) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(new UncheckedIOException(e));
        }
        ready.completeExceptionally(new IllegalStateException("exited with " + exitCode()));
    }

    private String exitCode() {
        try {
            return String.valueOf(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
