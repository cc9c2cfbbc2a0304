package io.moonlight.core.testing;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/** Directories and files that a test's job user owns, below a test's (root-owned) temp dir. */
public final class UserDirs {
    private UserDirs() {
    }

    /**
     * {@code parent/scratch}, a session root like /scratch: every user may make their own directory in
     * it (mode 1777, sticky as moonlight requires of a root everyone writes); the parent is opened for
     * traversal.
     */
    public static Path scratch(Path parent) throws IOException {
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path scratch = Files.createDirectory(parent.resolve("scratch"));
        new ProcessCommandRunner().run(ExternalCommand.of("chmod", "1777", scratch.toString()))
                .orFail("chmod 1777 " + scratch, null);
        return scratch;
    }

    /** {@code parent/name}, owned by {@code user}, mode 0755; the parent is opened for traversal. */
    public static Path ownedBy(Path parent, String name, String user) throws IOException {
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectories(parent.resolve(name));
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName(user));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Writes {@code file} (and its parent) owned by {@code user}, the file mode 0600, as a user's job would. */
    public static void writePrivate(Path file, String content, String user) throws IOException {
        UserPrincipal owner = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(Files.createDirectories(file.getParent()), owner);
        Files.writeString(file, content);
        Files.setOwner(file, owner);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
