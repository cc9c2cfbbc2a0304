package io.moonlight.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.TreeRemover.Outcome;
import io.moonlight.core.files.TreeRemover.Removal;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.RacingScript;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TreeRemover} as root on real directories, links and FIFOs, and against a racing user. */
class TreeRemoverTest {
    static final String RACER = "mltr-racer";
    static final ProcessCommandRunner LOCAL = new ProcessCommandRunner();
    static final TreeRemover REMOVER = new TreeRemover(Duration.ofSeconds(30));
    static final Duration FIFO_TRYING = Duration.ofSeconds(90);

    @TempDir
    Path temp;
    Path base;
    Path outside;
    Path kept;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createDirectory(temp.resolve("base"));
        outside = Files.createDirectory(temp.resolve("outside"));
        kept = Files.writeString(outside.resolve("kept"), "keep");
    }

    static void run(String... argv) {
        LOCAL.run(ExternalCommand.of(argv)).orFail(String.join(" ", argv), null);
    }

    /** {@code levels} directories, each in the one before, below {@code dir}: made step by step (no path limit). */
    static void nest(Path dir, int levels) {
        run("python3", "-c", "import os, sys\nos.chdir(sys.argv[1])\nfor _ in range(int(sys.argv[2])):\n"
                + "    os.mkdir('d')\n    os.chdir('d')\n", dir.toString(), String.valueOf(levels));
    }

    @Test
    void aTreeGoesAndTheLinksInItGoAsLinksWhatTheyPointAtStays() throws Exception {
        Path start = Files.createDirectories(base.resolve("user/start"));
        Files.writeString(Files.createDirectories(start.resolve("logs/old")).resolve("job.log"), "log");
        Files.createSymbolicLink(start.resolve("to-dir"), outside);
        Files.createSymbolicLink(start.resolve("logs/to-file"), kept);
        Files.createSymbolicLink(start.resolve("dangling"), temp.resolve("nothing"));
        run("mkfifo", start.resolve("logs/fifo").toString());

        assertEquals(Outcome.FOUND, REMOVER.check(base, Path.of("user/start")).outcome());
        assertTrue(Files.exists(start.resolve("logs/old/job.log")), "a check removes nothing");

        Removal removal = REMOVER.remove(base, Path.of("user/start"));

        assertEquals(new Removal(Outcome.REMOVED, List.of()), removal);
        assertFalse(Files.exists(start, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(base.resolve("user")), "only the start and what is in it go");
        assertEquals("keep", Files.readString(kept));
        assertEquals(List.of(kept), Files.list(outside).toList());
        assertEquals(Outcome.MISSING, REMOVER.remove(base, Path.of("user/start")).outcome());
    }

    @Test
    void aStartThatIsALinkOrHasALinkOnTheWayIsLeftAloneWithWhatItPointsAt() throws Exception {
        Path linkedStart = Files.createSymbolicLink(base.resolve("start"), outside);
        Path elsewhere = Files.createDirectories(outside.resolve("user/start"));
        Files.writeString(elsewhere.resolve("file"), "keep");
        Files.createSymbolicLink(base.resolve("user"), outside.resolve("user"));

        assertEquals(Outcome.NOT_A_DIRECTORY, REMOVER.remove(base, Path.of("start")).outcome());
        assertEquals(Outcome.NOT_A_DIRECTORY, REMOVER.check(base, Path.of("start")).outcome());
        assertEquals(Outcome.NOT_A_DIRECTORY, REMOVER.remove(base, Path.of("user/start")).outcome());

        assertTrue(Files.isSymbolicLink(linkedStart));
        assertEquals("keep", Files.readString(kept));
        assertEquals("keep", Files.readString(elsewhere.resolve("file")));
    }

    @Test
    void aTreeAsDeepAsTheLimitGoesADeeperOneIsReportedAndTheRestRemoved() throws Exception {
        Path deepest = Files.createDirectory(base.resolve("deepest"));
        nest(deepest, TreeRemover.MAX_DEPTH - 1);
        Path tooDeep = Files.createDirectory(base.resolve("too-deep"));
        Files.writeString(tooDeep.resolve("file"), "x");
        nest(tooDeep, TreeRemover.MAX_DEPTH);

        assertEquals(Outcome.REMOVED, REMOVER.remove(base, Path.of("deepest")).outcome());
        assertFalse(Files.exists(deepest));

        Removal removal = REMOVER.remove(base, Path.of("too-deep"));

        assertEquals(Outcome.INCOMPLETE, removal.outcome());
        assertEquals(1, removal.left().size(), removal.left().toString());
        assertTrue(removal.left().get(0).startsWith("d/d/d/"), removal.left().toString());
        assertTrue(removal.left().get(0).endsWith("...: deeper than " + TreeRemover.MAX_DEPTH + " levels"),
                removal.left().toString());
        assertFalse(Files.exists(tooDeep.resolve("file")), "what it could reach is removed");
        assertTrue(Files.isDirectory(tooDeep.resolve("d")));
    }

    /**
     * Opening a FIFO for reading waits for a writer: a walk that opens a directory just swapped for a FIFO
     * stays there. Each try races a fresh directory (five pairs, swapped as fast as the user can) until a
     * walk was caught.
     */
    @ServiceTest
    @Test
    void aFifoSwappedInForADirectoryHoldsARemovalNoLongerThanItsLimit() throws Exception {
        LocalUsers.ensure(RACER);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("chmod", "1777", base.toString());
        Duration limit = Duration.ofSeconds(2);
        TreeRemover remover = new TreeRemover(limit);
        List<Removal> removals = new ArrayList<>();

        // The swap must fall between a look and an open: rare per walk, so walk until it does (or time is up).
        Instant deadline = Instant.now().plus(FIFO_TRYING);
        for (int i = 0; Instant.now().isBefore(deadline) && removals.stream().noneMatch(TreeRemoverTest::timedOut); i++) {
            Path start = Path.of("start" + i);
            try (RacingScript racer = RacingScript.startAs(RACER, "swap-loop.py", temp, base.resolve(start).toString(),
                    "50", "fifo", "60")) {
                removals.add(assertTimeoutPreemptively(limit.plusSeconds(5), () -> remover.remove(base, start)));
            }
        }

        assertTrue(removals.stream().anyMatch(TreeRemoverTest::timedOut), "no walk was caught: " + removals);
        Removal caught = removals.get(removals.size() - 1);
        assertEquals(Outcome.INCOMPLETE, caught.outcome());
    }

    static boolean timedOut(Removal removal) {
        return removal.left().stream().anyMatch(left -> left.startsWith("not done within 2 s"));
    }
}
