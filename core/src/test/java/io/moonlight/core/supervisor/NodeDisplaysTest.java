package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testbed.SquattedDisplays;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which displays a node offers for a lease: with real lock files and a listening socket in a temp
 * directory laid out as /tmp and a socket table laid out as /proc/net/unix, with a real Xvfb on a
 * display of its own in /tmp, and with abstract sockets that another user binds for real (high
 * displays, so that sessions of other tests on :10 and up are not disturbed).
 */
class NodeDisplaysTest {
    private static final String SQUATTER = "mlxd-nodedisp";
    private static final String TABLE_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";
    @TempDir
    Path tmp;

    @Test
    void aDisplayWithALockOrASocketIsBusyWhoeverMadeIt() throws Exception {
        Files.createDirectory(tmp.resolve(".X11-unix"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(tmp.resolve(".X11-unix/X10")));
            Files.writeString(tmp.resolve(".X11-lock"), "%10d\n".formatted(ProcessHandle.current().pid()));
            Files.writeString(tmp.resolve(".X12-lock"), "%10d\n".formatted(deadPid()));
            NodeDisplays displays = new NodeDisplays(tmp, socketTable());

            assertTrue(displays.busy(10), "a socket alone: a server without its lock, or one that crashed");
            assertTrue(displays.busy(11), "a lock of a live server");
            assertTrue(displays.busy(12), "a stale lock: its server may run where its pid is not seen");
            assertFalse(displays.busy(13));
            assertEquals(List.of(13, 14, 15), displays.free(15));
            assertEquals(List.of(13), displays.freeOrFail("viz01", 13));

            MoonlightException none = assertThrows(MoonlightException.class, () -> displays.freeOrFail("viz01", 12));
            assertEquals("no free X display on viz01: :10 to :12 all have an X lock, socket or abstract socket in " + tmp,
                    none.getMessage());
            assertTrue(none.hint().orElseThrow().contains("raise supervisor.last_display"), none.hint().toString());
        }
    }

    @Test
    void aDisplayWhoseAbstractSocketIsBoundIsBusyWithoutAnyFile() throws IOException {
        NodeDisplays displays = new NodeDisplays(tmp, socketTable(
                "0000000000000000: 00000002 00000000 00010000 0001 01 31207 @" + tmp + "/.X11-unix/X11",
                "0000000000000000: 00000002 00000000 00010000 0001 01 31208 @" + tmp + "/.X11-unix/X120",
                "0000000000000000: 00000002 00000000 00010000 0001 01 31209 " + tmp + "/X12"));

        assertTrue(displays.busy(11), "its abstract socket is bound: no X server can listen on :11");
        assertFalse(displays.busy(12), "X120 and a socket elsewhere are not display :12's");
        assertEquals(List.of(10, 12, 13), displays.free(13));
    }

    @ServiceTest
    @Test
    void abstractSocketsAnotherUserBindsMakeTheirDisplaysBusyUntilReleased() {
        LocalUsers.ensure(SQUATTER);
        NodeDisplays host = NodeDisplays.onThisHost();
        List<Integer> displays = IntStream.rangeClosed(900, 999).filter(d -> !host.busy(d)).limit(2).boxed().toList();

        try (SquattedDisplays squatted = SquattedDisplays.bind(SQUATTER, displays, Duration.ofSeconds(60))) {
            for (int display : displays) {
                assertTrue(host.busy(display), ":" + display + " is held by " + SQUATTER);
                XDisplayFiles files = XDisplayFiles.of(display);
                assertFalse(Files.exists(files.lock()) || Files.exists(files.socket()), "no file shows it");
            }
        }
        assertTrue(displays.stream().noneMatch(host::busy), "free again once the sockets are closed");
    }

    @Test
    void displaysBelowTenAreNeverOffered() throws IOException {
        NodeDisplays displays = new NodeDisplays(tmp, socketTable());
        assertEquals(IntStream.rangeClosed(10, 99).boxed().toList(), displays.free(99));
        assertEquals(List.of(), displays.free(9));
    }

    @ServiceTest
    @Test
    void aRealXvfbMakesItsDisplayBusyUntilItsFilesAreGone() throws Exception {
        NodeDisplays host = NodeDisplays.onThisHost();
        int display = IntStream.rangeClosed(900, 999).filter(d -> !host.busy(d)).findFirst().orElseThrow();
        XDisplayFiles files = XDisplayFiles.of(display);

        Process xvfb = xvfb(display);
        try {
            Await.until("Xvfb :" + display + " listens", Duration.ofSeconds(20), () -> Files.exists(files.socket()));
            assertTrue(host.busy(display));
            xvfb.destroy();
            xvfb.waitFor();
            assertFalse(host.busy(display), "a server that ended cleanly removed its lock and socket");

            Process killed = xvfb(display);
            Await.until("Xvfb :" + display + " listens again", Duration.ofSeconds(20),
                    () -> Files.exists(files.socket()) && files.liveOwner().isPresent());
            killed.destroyForcibly().waitFor();
            assertTrue(Files.exists(files.lock()), "SIGKILL leaves the lock behind");
            assertTrue(host.busy(display), "and the display stays busy for every later session");
            files.removeLeftovers();
            assertFalse(host.busy(display), "until whoever owns the leftovers removes them");
        } finally {
            xvfb.destroyForcibly();
            files.removeLeftovers();
        }
    }

    private static Process xvfb(int display) throws IOException {
        return new ProcessBuilder("Xvfb", ":" + display, "-nolisten", "tcp", "-screen", "0", "640x480x24")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A socket table as /proc/net/unix lays it out, with {@code lines} after the header. */
    private Path socketTable(String... lines) throws IOException {
        List<String> table = new ArrayList<>(List.of(TABLE_HEADER));
        table.addAll(List.of(lines));
        return Files.write(tmp.resolve("unix"), table);
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        return done.pid();
    }
}
