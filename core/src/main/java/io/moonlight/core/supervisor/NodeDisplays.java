package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.LeasePolicy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The X displays of this node as its files and sockets show them: a display is busy while its lock
 * file ({@code <tmp>/.X<n>-lock}), its socket ({@code <tmp>/.X11-unix/X<n>}) or its abstract socket
 * ({@code @<tmp>/.X11-unix/X<n>} in {@code unixSockets}, normally /proc/net/unix) exists, whoever made
 * it. The store only knows moonlight's own leases; another X server on the node (a demo, a user's own
 * Xvfb, a crashed server) is found here, and the lease is asked for among the free displays only. Any
 * local user can bind an abstract socket, without a file or a permission: an X server cannot listen
 * on such a display, so it is as busy as one with a running server.
 *
 * <p>A lock whose pid looks dead still counts as busy, as TigerVNC's and TurboVNC's vncserver (and
 * with them Open OnDemand's desktops) count it, rather than taken over as Xorg and Xvfb do for their
 * own stale locks: the supervisor runs as the user and cannot remove another user's files from the
 * sticky /tmp, and a server in another PID namespace (a container) or hidden by /proc's hidepid
 * looks dead from here while it runs. Skipping such a display costs one number of the range; the
 * supervisor removes what its own X server leaves behind when it stops.
 */
public record NodeDisplays(Path tmp, Path unixSockets) {

    /**
     * The displays of this host: X servers keep their locks and sockets in /tmp; /proc/net/unix lists
     * the abstract sockets of this network namespace, which an Apptainer session shares with the host.
     */
    public static NodeDisplays onThisHost() {
        return new NodeDisplays(Path.of("/tmp"), Path.of("/proc/net/unix"));
    }

    /** Whether display {@code :display} has an X lock, socket or abstract socket here. */
    public boolean busy(int display) {
        return busy(display, UnixSocketTable.read(unixSockets));
    }

    /** The displays from :10 to {@code :last} without an X lock, socket or abstract socket, lowest first. */
    public List<Integer> free(int last) {
        UnixSocketTable bound = UnixSocketTable.read(unixSockets);
        return IntStream.rangeClosed(LeasePolicy.FIRST_DISPLAY, last).filter(d -> !busy(d, bound)).boxed().toList();
    }

    /**
     * The free displays from :10 to {@code :last} on {@code node}; an error naming the range when every
     * one of them is busy.
     */
    public List<Integer> freeOrFail(String node, int last) {
        List<Integer> free = free(last);
        if (free.isEmpty()) {
            throw MoonlightException.failed("no free X display on " + node + ": :" + LeasePolicy.FIRST_DISPLAY + " to :"
                    + last + " all have an X lock, socket or abstract socket in " + tmp,
                    "stop X servers on " + node + " that are not sessions', remove stale " + tmp
                            + "/.X*-lock files, or raise supervisor.last_display");
        }
        return free;
    }

    private boolean busy(int display, UnixSocketTable bound) {
        XDisplayFiles files = new XDisplayFiles(tmp, display);
        return Files.exists(files.lock(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(files.socket(), LinkOption.NOFOLLOW_LINKS)
                || bound.holds(files.abstractSocket());
    }
}
