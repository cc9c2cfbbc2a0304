package io.moonlight.core.files;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a file so that readers see either the old or the new content, never a half-written one. */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private AtomicFiles() {
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // Never a directory others can write, whatever the umask (root installs into /etc with it).
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(mode));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(content));
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, mode);
            moveAtomically(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw MoonlightException.failed("cannot write " + target + ": " + describe(e),
                    "check that " + dir + " exists and is writable by this user");
        }
    }

    /** Renames {@code source} over {@code target} in one step (both in the same directory). */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: a left-over temp file is named so that nothing reads it.
        }
    }

    /** An IOException's message without the Java class name noise. */
    public static String describe(IOException e) {
        String kind = e.getClass().getSimpleName()
                .replace("Exception", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
