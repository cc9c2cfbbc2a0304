package io.moonlight.core.exec;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs commands on this host as child processes, stopping the whole process tree on timeout. */
public final class ProcessCommandRunner implements CommandRunner {
    /** How long a timed-out command has after SIGTERM before SIGKILL. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    @Override
    public ExecResult run(ExternalCommand command) {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.env());
        if (command.workingDir() != null) {
            builder.directory(command.workingDir().toFile());
        }
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw MoonlightException.unavailable(
                    "cannot run '" + command.program() + "': not installed or not on PATH",
                    "install " + command.program() + " or add its directory to PATH");
        }
        CompletableFuture<String> out = OutputLines.collect(process.getInputStream(), command);
        CompletableFuture<String> err = OutputLines.collect(process.getErrorStream(), command);
        feed(process, command.stdin());
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                stopTree(process);
                throw MoonlightException.failed(
                        "'" + command.display() + "' did not finish within " + command.timeout().toSeconds() + " s",
                        "check that " + command.program() + " is not waiting on a lock or the network");
            }
            return new ExecResult(command, process.exitValue(), out.join(), err.join(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            stopTree(process);
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while running '" + command.program() + "'", null);
        }
    }

    @Override
    public String target() {
        return "localhost";
    }

    private static void feed(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program exited without reading its input; its exit code tells the story.
        }
    }

    /**
     * SIGTERM first: sudo passes it on to the command it runs as another user, which this process
     * may not signal; then SIGKILL for whatever of the tree is left.
     */
    private static void stopTree(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
