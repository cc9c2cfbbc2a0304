package io.moonlight.cli.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a directory unwritable for the test's user: mode 555 is enough for an ordinary user, but
 * root writes anywhere, so for root a read-only tmpfs is mounted over it until {@link #close}.
 */
final class ReadOnlyDirectory implements AutoCloseable {
    private final Path dir;
    private final boolean mounted;

    private ReadOnlyDirectory(Path dir, boolean mounted) {
        this.dir = dir;
        this.mounted = mounted;
    }

    static ReadOnlyDirectory make(Path dir) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(dir)) {
            run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "moonlight-test", dir.toString());
            return new ReadOnlyDirectory(dir, true);
        }
        return new ReadOnlyDirectory(dir, false);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            run("umount", dir.toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed with exit " + process.exitValue());
        }
    }
}
