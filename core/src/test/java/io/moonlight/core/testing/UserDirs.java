package io.moonlight.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;

/** Directories that a test's job user can work in, below a test's (root-owned) temp dir. */
public final class UserDirs {
    private UserDirs() {
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
}
