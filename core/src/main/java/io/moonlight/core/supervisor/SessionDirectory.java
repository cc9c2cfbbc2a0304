package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.PathsConfig;
import io.moonlight.core.files.AtomicFiles;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.SessionIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One session's private directory, {@code <paths.session_root>/sunshine_<user>/<session id>/}
 * (mode 0700), and the files the supervisor keeps in it. Every path handed out lies inside it:
 * names are checked, symbolic links on the way are refused, and the VNC service's
 * {@code /scratch/vnc_*} is never touched. Paths end up in sunshine.conf and apps.json, so they
 * may only hold characters that need no quoting there.
 */
public record SessionDirectory(Path root, Path dir) {
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SessionDirectory {
        root = plain(root.normalize(), "the session root");
        dir = plain(dir.normalize(), "the session directory");
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw MoonlightException.badInput("session directory " + dir + " is outside the session root " + root,
                    "session directories live in <paths.session_root>/sunshine_<user>/<session id>");
        }
        refuseVnc(dir);
    }

    public static SessionDirectory of(PathsConfig paths, String user, String sessionId) {
        Path root = paths.sessionRoot();
        if (!SessionIds.user(sessionId).equals(Names.user(user))) {
            throw MoonlightException.badInput("session " + sessionId + " does not belong to user " + user,
                    "a session's files live in its own user's directory");
        }
        return new SessionDirectory(root, root.resolve("sunshine_" + user).resolve(sessionId));
    }

    /**
     * Creates the directory, its per-user parent and its log directory with mode 0700, or checks that
     * existing ones are real directories inside the root: a symbolic link planted on the way could send
     * the session's secrets elsewhere.
     */
    public SessionDirectory create() {
        try {
            if (!Files.isDirectory(root)) {
                throw MoonlightException.failed("the session root " + root + " does not exist",
                        "create it (e.g. /scratch) or set paths.session_root");
            }
            Path realRoot = root.toRealPath();
            Path step = root;
            for (Path part : root.relativize(dir)) {
                step = step.resolve(part);
                makePrivate(step);
            }
            makePrivate(logDir());
            Path real = dir.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw MoonlightException.badInput(dir + " resolves to " + real + ", outside the session root",
                        "remove the symbolic link on the way to " + dir);
            }
            refuseVnc(real);
            return this;
        } catch (IOException e) {
            throw MoonlightException.failed("cannot create the session directory " + dir + ": " + AtomicFiles.describe(e),
                    "check that " + root + " is writable by the session's user");
        }
    }

    /** A file directly in the session directory. */
    public Path file(String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw MoonlightException.badInput("'" + name + "' is not a plain file name",
                    "session files are named with letters, digits, '.', '_' and '-'");
        }
        return dir.resolve(name);
    }

    /** The directory of the children's logs. */
    public Path logDir() {
        return file("logs");
    }

    public Path log(String name) {
        return logDir().resolve(file(name).getFileName());
    }

    private static void makePrivate(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw MoonlightException.badInput(path + " is a symbolic link",
                    "remove it: session directories must be real directories");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        }
        Files.setPosixFilePermissions(path, PRIVATE_DIR);
    }

    private static Path plain(Path path, String what) {
        if (!path.isAbsolute() || !PLAIN_PATH.matcher(path.toString()).matches()) {
            throw MoonlightException.badInput(what + " '" + printable(path.toString()) + "' is not a plain absolute path",
                    "use letters, digits, '.', '_', '+', '-' and '/' only (no spaces)");
        }
        return path;
    }

    /** /scratch/vnc_* (any vnc_ component, in fact) belongs to the VNC service. */
    private static void refuseVnc(Path path) {
        for (Path part : path) {
            if (part.toString().toLowerCase().startsWith("vnc_")) {
                throw MoonlightException.badInput(path + " belongs to the VNC service",
                        "moonlight never touches vnc_* paths; set paths.session_root elsewhere");
            }
        }
    }

    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
