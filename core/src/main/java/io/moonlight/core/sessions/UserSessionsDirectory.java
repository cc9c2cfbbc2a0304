package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.files.AtomicFiles;
import io.moonlight.core.session.SessionConflictException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory of a user's sessions, {@code <paths.session_root>/sunshine_<user>/}, made fit for a
 * privileged account to create sessions in before anything of a session is stored or submitted.
 * Missing, it is created by the user with mode 0700; present, it is accepted only as a real
 * directory (not a symbolic link) owned by the user that neither group nor others may write. A
 * directory another account made or may write would let that account swap the session's files
 * (its script, its log) under the session's user and under root.
 *
 * <p>The session root itself is the site's: it may be writable by everyone only with the sticky
 * bit (as /tmp and /scratch are), which keeps each user's directory from being renamed or replaced
 * by anyone but its owner once checked here.
 */
final class UserSessionsDirectory {
    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private final SessionFiles files;

    UserSessionsDirectory(SessionFiles files) {
        this.files = files;
    }

    /** Checks (or creates as {@code user}) {@code dir}, the user's directory in {@code root}. */
    void prepare(String user, int uid, Path root, Path dir) {
        checkRoot(root);
        if (stat(dir, LinkOption.NOFOLLOW_LINKS).isEmpty()) {
            try {
                files.createPrivateDirectories(user, List.of(dir));
            } catch (MoonlightException e) {
                // Made meanwhile (the user's other start, or someone else: checked below), or not at all.
                stat(dir, LinkOption.NOFOLLOW_LINKS).orElseThrow(() -> e);
            }
        }
        Stat found = stat(dir, LinkOption.NOFOLLOW_LINKS).orElseThrow(() -> MoonlightException.failed(
                dir + " vanished right after it was created", "try again; if it keeps happening, check " + root));
        String fix = "remove it (rm -r " + dir + ") and moonlight creates it for " + user + ", or make it "
                + user + "'s: chown " + user + " " + dir + " && chmod 0700 " + dir;
        if (found.type() == SYMLINK) {
            throw new SessionConflictException(dir + " is a symbolic link (owner " + found.owner() + "), not "
                    + user + "'s directory", fix);
        }
        if (found.type() != DIRECTORY) {
            throw new SessionConflictException(dir + " is not a directory (owner " + found.owner() + ")", fix);
        }
        if (found.uid() != uid) {
            throw new SessionConflictException(dir + " belongs to " + found.owner() + ", not to " + user, fix);
        }
        if ((found.mode() & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new SessionConflictException(dir + " (mode " + found.permissions() + ") may be written by others "
                    + "than " + user, "chmod go-w " + dir);
        }
    }

    private static void checkRoot(Path root) {
        Stat found = stat(root).orElseThrow(() -> MoonlightException.failed("the session root " + root
                + " does not exist", "create it (e.g. /scratch, mode 1777) or set paths.session_root"));
        if (found.type() != DIRECTORY) {
            throw MoonlightException.failed("the session root " + root + " is not a directory",
                    "set paths.session_root to a directory (e.g. /scratch)");
        }
        if ((found.mode() & OTHERS_WRITE) != 0 && (found.mode() & STICKY) == 0) {
            throw MoonlightException.failed("the session root " + root + " (mode " + found.permissions()
                    + ") lets every user rename the directories in it", "chmod +t " + root
                    + " (as /tmp and /scratch are) or let only root write it");
        }
    }

    private record Stat(int mode, int uid, String owner) {
        int type() {
            return mode & TYPE;
        }

        String permissions() {
            return String.format("%04o", mode & 07777);
        }
    }

    private static Optional<Stat> stat(Path path, LinkOption... options) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,owner", options);
            return Optional.of(new Stat((Integer) attributes.get("mode"), (Integer) attributes.get("uid"),
                    ((UserPrincipal) attributes.get("owner")).getName()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw MoonlightException.failed("cannot look at " + path + ": " + AtomicFiles.describe(e),
                    "check that this account may search " + path.getParent());
        }
    }
}
