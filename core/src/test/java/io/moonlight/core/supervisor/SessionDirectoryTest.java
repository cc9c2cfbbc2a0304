package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.PathsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The session directory lies in the session root, is private, and never becomes a VNC path. */
class SessionDirectoryTest {
    static final String ID = "ml-alice-20250101120000-abc234";
    @TempDir
    Path root;

    @Test
    void createsThePerUserAndSessionDirectoriesWithMode0700() throws IOException {
        SessionDirectory dir = SessionDirectory.of(paths(root), "alice", ID).create();

        assertEquals(root.resolve("sunshine_alice").resolve(ID), dir.dir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.dir())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.dir().getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.logDir())));
        assertEquals(dir.dir().resolve("logs").resolve("sunshine.out"), dir.log("sunshine.out"));
    }

    @Test
    void refusesUsersAndIdsThatWouldLeaveTheRoot() {
        refused(() -> SessionDirectory.of(paths(root), "../etc", ID));
        refused(() -> SessionDirectory.of(paths(root), "alice", "../../etc"));
        refused(() -> SessionDirectory.of(paths(root), "alice", "ml-bob-20250101120000-abc234"));
    }

    @Test
    void refusesADirectoryOutsideTheRoot() {
        refused(() -> new SessionDirectory(root, Path.of("/etc/moonlight")));
        refused(() -> new SessionDirectory(root, root.resolve("sunshine_alice/../../etc")));
        refused(() -> new SessionDirectory(root, root));
    }

    @Test
    void refusesTheVncServicesPaths() {
        refused(() -> SessionDirectory.of(paths(Path.of("/scratch/vnc_alice")), "alice", ID));
        refused(() -> new SessionDirectory(Path.of("/scratch"), Path.of("/scratch/vnc_alice/" + ID)));
        refused(() -> new SessionDirectory(Path.of("/"), Path.of("/scratch/VNC_alice/x")));
    }

    @Test
    void refusesPathsThatCouldNotBeWrittenPlainlyIntoSunshineConf() {
        refused(() -> new SessionDirectory(Path.of("/scratch"), Path.of("/scratch/with space/x")));
        refused(() -> new SessionDirectory(Path.of("/scratch"), Path.of("/scratch/line\nport = 1/x")));
        refused(() -> new SessionDirectory(Path.of("/scratch"), Path.of("/scratch/a=b")));
    }

    @Test
    void refusesAFileNameThatIsAPath() {
        SessionDirectory dir = SessionDirectory.of(paths(root), "alice", ID);

        refused(() -> dir.file("../sunshine.conf"));
        refused(() -> dir.file("logs/x"));
        refused(() -> dir.log(".."));
    }

    @Test
    void refusesASymbolicLinkPlantedOnTheWayAndWritesNothingThere(@TempDir Path elsewhere) throws IOException {
        Files.createSymbolicLink(root.resolve("sunshine_alice"), elsewhere);
        SessionDirectory dir = SessionDirectory.of(paths(root), "alice", ID);

        refused(dir::create);
        assertFalse(Files.exists(elsewhere.resolve(ID)));
    }

    @Test
    void aMissingSessionRootIsAnErrorNotCreated() {
        Path missing = root.resolve("missing");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SessionDirectory.of(paths(missing), "alice", ID).create());

        assertEquals(ExitCode.ERROR, e.exitCode());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    static PathsConfig paths(Path sessionRoot) {
        return new PathsConfig(null, sessionRoot, null, null, null);
    }

    private static void refused(Executable action) {
        MoonlightException e = assertThrows(MoonlightException.class, action);
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
    }
}
