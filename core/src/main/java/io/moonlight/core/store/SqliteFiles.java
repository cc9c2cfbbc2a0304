package io.moonlight.core.store;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * A SQLite database and the files SQLite keeps beside it (-wal, -shm, -journal), private to their
 * owner whatever the umask: they hold every session, node and token hash. SQLite itself creates a
 * new database 0644 less the umask, but gives each -wal, -shm and -journal exactly the database's
 * mode (it sets it with fchmod, past the umask). So the database is created 0600 before SQLite opens
 * it, and any of the files found open to others (made by an older version or by hand) is set to 0600
 * on every open, before SQLite opens it and again after.
 */
final class SqliteFiles {
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final List<String> SIBLINGS = List.of("", "-wal", "-shm", "-journal");
    private final Path file;
    private final Path dir;

    SqliteFiles(Path file) {
        this.file = file.toAbsolutePath();
        this.dir = this.file.getParent();
    }

    /**
     * Before SQLite opens it: the directory exists and no other account can write it, the database
     * exists 0600 (owned by the directory's owner when root creates it in another account's directory,
     * so that a gateway running as that account can always write), and the files are private.
     */
    void prepare() {
        if (dir == null || !Files.isDirectory(dir)) {
            throw MoonlightException.unavailable("SQLite directory " + dir + " does not exist",
                    "create it for the gateway's service user, or set store.sqlite_path");
        }
        PosixFileAttributes owner = attributes(dir);
        if (owner.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw MoonlightException.badInput("SQLite directory " + dir + " is writable by every account, which could"
                    + " plant the database's -wal or -shm file", "keep the database in a directory of the gateway's"
                    + " service user (e.g. /var/lib/moonlight, mode 0750), or set store.sqlite_path");
        }
        create(owner);
        makePrivate();
    }

    /** Sets the database and each file beside it to 0600 where another account may read or write it. */
    void makePrivate() {
        for (String suffix : SIBLINGS) {
            Path path = dir.resolve(file.getFileName() + suffix);
            try {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributes now = view.readAttributes();
                if (now.isRegularFile() && !PRIVATE.containsAll(now.permissions())) {
                    view.setPermissions(PRIVATE);
                }
            } catch (NoSuchFileException absent) {
                // SQLite makes it when needed, with the database's mode.
            } catch (IOException e) {
                throw MoonlightException.unavailable("SQLite file " + path + " cannot be made private (mode 0600): "
                        + e.getMessage(), "run as the file's owner (the gateway's service user), or chmod 600 " + path);
            }
        }
    }

    private void create(PosixFileAttributes dirOwner) {
        try {
            // 0600 less the umask: never more open than 0600.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE));
            if ("root".equals(System.getProperty("user.name")) && !"root".equals(dirOwner.owner().getName())) {
                // No-follow: the directory's group may be able to swap the new file for a link meanwhile.
                PosixFileAttributeView created = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                created.setOwner(dirOwner.owner());
                created.setGroup(dirOwner.group());
            }
        } catch (FileAlreadyExistsException exists) {
            // Made before, or by another process just now, as its owner.
        } catch (IOException e) {
            throw MoonlightException.unavailable("SQLite " + file + " cannot be created in " + dir + ": " + e.getMessage(),
                    "check that " + dir + " is writable by this user, or create the database as the gateway's service"
                            + " user (start the gateway once)");
        }
    }

    private static PosixFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException e) {
            throw MoonlightException.unavailable("cannot read the attributes of " + path + ": " + e.getMessage(),
                    "check that this user can reach " + path);
        }
    }
}
