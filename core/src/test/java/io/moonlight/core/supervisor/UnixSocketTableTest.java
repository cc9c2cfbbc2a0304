package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /proc/net/unix as a node with X servers shows it: header, unnamed sockets, paths, abstract names. */
class UnixSocketTableTest {

    @Test
    void namesArePathsAndAbstractNamesWithTheirAt() throws URISyntaxException {
        UnixSocketTable table = UnixSocketTable.read(fixture("node-with-x-servers"));

        assertEquals(Set.of("/run/systemd/private", "@/tmp/.X11-unix/X11", "/tmp/.X11-unix/X11", "@/tmp/.X11-unix/X120",
                "@/tmp/dbus-Jx8sX3Pe", "/run/systemd/journal/dev-log", "/run/user/1000/a socket with spaces"),
                table.names());
        assertTrue(table.holds("@/tmp/.X11-unix/X11"));
        assertFalse(table.holds("@/tmp/.X11-unix/X12"), "a name is matched whole, not as the start of X120");
        assertFalse(table.holds("Path"), "the header is no socket");
    }

    @Test
    void aTableThatCannotBeReadIsAnErrorNamingIt() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> UnixSocketTable.read(Path.of("/proc/no-such-table")));
        assertTrue(e.getMessage().startsWith("cannot read the node's Unix sockets from /proc/no-such-table: "),
                e.getMessage());
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(UnixSocketTableTest.class.getResource("/proc-net-unix/" + name).toURI());
    }
}
