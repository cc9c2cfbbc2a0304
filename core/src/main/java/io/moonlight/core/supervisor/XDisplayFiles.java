package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * An X display's lock file ({@code /tmp/.X<n>-lock}, holding the server's pid) and socket
 * ({@code /tmp/.X11-unix/X<n>}), and the abstract socket of the same name that X servers on Linux
 * listen on as well. A server killed with SIGKILL leaves the files behind, and the next session on
 * the display would find it taken.
 */
public record XDisplayFiles(Path tmp, int display) {

    public static XDisplayFiles of(int display) {
        return new XDisplayFiles(Path.of("/tmp"), display);
    }

    public Path lock() {
        return tmp.resolve(".X" + display + "-lock");
    }

    public Path socket() {
        return tmp.resolve(".X11-unix").resolve("X" + display);
    }

    /** The abstract socket's name as /proc/net/unix shows it: '@' and the socket's path. */
    public String abstractSocket() {
        return "@" + socket();
    }

    /** The pid in the lock file when that process still runs. */
    public OptionalLong liveOwner() {
        try {
            long pid = Long.parseLong(Files.readString(lock(), StandardCharsets.US_ASCII).strip());
            boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
            return alive ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Refuses a display another server runs on: the lease said it was free, so something is wrong. */
    public void checkFree() {
        OptionalLong owner = liveOwner();
        if (owner.isPresent()) {
            throw MoonlightException.failed("display :" + display + " is already in use by process " + owner.getAsLong(),
                    "the display lease and the node disagree: run 'moonlight cleanup' or stop that X server");
        }
    }

    /** Removes lock and socket unless a live server holds them; returns what it removed. */
    public List<Path> removeLeftovers() {
        List<Path> removed = new ArrayList<>();
        if (liveOwner().isPresent()) {
            return removed;
        }
        for (Path path : List.of(lock(), socket())) {
            try {
                if (Files.deleteIfExists(path)) {
                    removed.add(path);
                }
            } catch (IOException e) {
                throw MoonlightException.failed("cannot remove " + path + ": " + e.getMessage(),
                        "remove it by hand, or display :" + display + " stays unusable");
            }
        }
        return removed;
    }
}
