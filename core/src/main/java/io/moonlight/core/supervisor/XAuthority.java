package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.random.RandomGenerator;

/**
 * The session display's X authority file (0600): one MIT-MAGIC-COOKIE-1 entry for any host, so that
 * other users of a shared node cannot connect to the desktop through the world-writable X socket.
 * Written directly in the Xauth file format so that no cookie appears on a command line.
 */
public final class XAuthority {
    private static final int FAMILY_WILD = 0xFFFF;
    private static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";

    private XAuthority() {
    }

    public static Path file(SessionDirectory dir) {
        return dir.file("Xauthority");
    }

    /** Writes a new random cookie for display {@code :display}; returns the file. */
    public static Path write(SessionDirectory dir, int display, RandomGenerator random) {
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        Path target = file(dir);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        entry.write(FAMILY_WILD >> 8);
        entry.write(FAMILY_WILD & 0xFF);
        field(entry, new byte[0]);
        field(entry, String.valueOf(display).getBytes(StandardCharsets.US_ASCII));
        field(entry, PROTOCOL.getBytes(StandardCharsets.US_ASCII));
        field(entry, cookie);
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), ".Xauthority.", ".tmp",
                    PosixFilePermissions.asFileAttribute(SessionDirectory.PRIVATE_FILE));
            Files.write(temp, entry.toByteArray(), StandardOpenOption.TRUNCATE_EXISTING);
            AtomicFiles.moveAtomically(temp, target);
            return target;
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw MoonlightException.failed("cannot write " + target + ": " + AtomicFiles.describe(e),
                    "check that the session directory is writable");
        }
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >> 8);
        out.write(value.length & 0xFF);
        out.write(value, 0, value.length);
    }
}
