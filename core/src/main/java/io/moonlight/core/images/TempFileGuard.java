package io.moonlight.core.images;

import io.moonlight.core.files.HostFiles;
import java.util.concurrent.TimeUnit;

/**
 * Removes a build's temp file when moonlight is interrupted (Ctrl-C, SIGTERM) while the build
 * runs: first it stops the build (this process's children), which would otherwise finish the
 * file after it was removed.
 */
final class TempFileGuard implements AutoCloseable {
    private static final long CHILD_EXIT_WAIT_SECONDS = 10;

    private final Thread hook;

    private TempFileGuard(HostFiles files, String tempFile) {
        hook = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            ProcessHandle.current().children().forEach(TempFileGuard::awaitExit);
            try {
                files.delete(tempFile);
            } catch (RuntimeException e) {
                System.err.println("moonlight: interrupted; remove the temp file " + tempFile + " by hand");
            }
        }, "remove-" + tempFile);
    }

    static TempFileGuard register(HostFiles files, String tempFile) {
        TempFileGuard guard = new TempFileGuard(files, tempFile);
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

    private static void awaitExit(ProcessHandle child) {
        try {
            child.onExit().get(CHILD_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            child.destroyForcibly();
        }
    }
}
