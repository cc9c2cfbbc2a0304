package io.moonlight.core.files;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Owner, group and mode of a file on this host, read and set without following a symbolic link. */
public final class LocalOwnership {
    private LocalOwnership() {
    }

    /** Whether the file has this owner, group and mode (octal, e.g. "640"). */
    public static boolean matches(String path, int uid, int gid, String octalMode) {
        try {
            Path file = Path.of(path);
            return (int) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid
                    && (int) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS) == gid
                    && Modes.octal(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)).equals(octalMode);
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read the owner of " + path + ": " + AtomicFiles.describe(e),
                    "check the directory's permissions");
        }
    }

    /** Gives the file this owner, group and mode; returns whether anything changed. */
    public static boolean set(String path, int uid, int gid, String octalMode) {
        if (matches(path, uid, gid, octalMode)) {
            return false;
        }
        try {
            Path file = Path.of(path);
            Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Modes.symbolic(octalMode)));
            return true;
        } catch (IOException e) {
            throw MoonlightException.failed("cannot set the owner of " + path + ": " + AtomicFiles.describe(e),
                    "run as root");
        }
    }
}
