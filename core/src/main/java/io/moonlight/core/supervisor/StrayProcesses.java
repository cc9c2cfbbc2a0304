package io.moonlight.core.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a session's processes that left its tree (a daemon that double-forked, e.g. dbus-daemon from
 * dbus-launch): every child starts with {@code MOONLIGHT_SESSION_ID=<id>} in its environment, which its
 * descendants inherit, so /proc tells them apart from the user's other processes.
 */
public final class StrayProcesses {
    public static final String MARKER = "MOONLIGHT_SESSION_ID";
    private final Path proc;

    public StrayProcesses(Path proc) {
        this.proc = proc;
    }

    public static StrayProcesses onThisHost() {
        return new StrayProcesses(Path.of("/proc"));
    }

    /** The live processes marked with this session, except this one and its ancestors. */
    public List<ProcessHandle> of(String sessionId) {
        byte[] marker = ("\0" + MARKER + "=" + sessionId + "\0").getBytes(StandardCharsets.UTF_8);
        Set<Long> excluded = new HashSet<>();
        for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
            excluded.add(p.pid());
        }
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (!excluded.contains(pid) && marked(entry.resolve("environ"), marker)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing can be found, and the stop report lists the children it knows.
        }
        return found;
    }

    private static boolean marked(Path environ, byte[] marker) {
        try {
            byte[] env = Files.readAllBytes(environ);
            byte[] padded = new byte[env.length + 1];
            padded[0] = 0;
            System.arraycopy(env, 0, padded, 1, env.length);
            return indexOf(padded, marker) >= 0;
        } catch (IOException | SecurityException e) {
            // Another user's process, or one that just ended: not ours to stop.
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
