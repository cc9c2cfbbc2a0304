package io.moonlight.core.exec;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this host as child processes, killing the whole process tree on timeout. */
public final class ProcessCommandRunner implements CommandRunner {

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
                killTree(process);
                throw MoonlightException.failed(
                        "'" + command.display() + "' did not finish within " + command.timeout().toSeconds() + " s",
                        "check that " + command.program() + " is not waiting on a lock or the network");
            }
            return new ExecResult(command, process.exitValue(), out.join(), err.join(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            killTree(process);
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

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
