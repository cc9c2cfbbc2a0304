package io.moonlight.core.images;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.HostFiles;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Removes a build's temp file when moonlight is interrupted (Ctrl-C, SIGTERM) while the build
 * runs. First it stops the build, which would otherwise finish the file after it was removed: this
 * process's children, and on another host the processes whose command line holds the temp file's
 * name (a fresh random one), since closing the SSH connection does not stop them.
 */
final class TempFileGuard implements AutoCloseable {
    private static final long CHILD_EXIT_WAIT_SECONDS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Thread hook;

    private TempFileGuard(CommandRunner runner, HostFiles files, String tempFile) {
        hook = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            ProcessHandle.current().children().forEach(TempFileGuard::awaitExit);
            try {
                runner.run(ExternalCommand.of("pkill", "-TERM", "-f", "--", regexOf(tempFile))
                        .withTimeout(STOP_TIMEOUT));
                files.delete(tempFile);
            } catch (RuntimeException e) {
                System.err.println("moonlight: interrupted; remove the temp file " + tempFile + " on "
                        + runner.target() + " by hand");
            }
        }, "remove-" + tempFile);
    }

    static TempFileGuard register(CommandRunner runner, HostFiles files, String tempFile) {
        TempFileGuard guard = new TempFileGuard(runner, files, tempFile);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook is running and removes the file.
        }
    }

    /** The path as a literal extended regular expression, as pkill -f wants it. */
    static String regexOf(String path) {
        return path.replaceAll("([.\\[\\]()*+?{}|^$\\\\])", "\\\\$1");
    }

    private static void awaitExit(ProcessHandle child) {
        try {
            child.onExit().get(CHILD_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            child.destroyForcibly();
        }
    }
}
