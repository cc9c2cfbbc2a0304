package io.moonlight.core.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One long-running program of a session (X server, desktop, Sunshine) and the log its output goes to. */
public record SessionChild(String name, Process process, Path log) {

    public long pid() {
        return process.pid();
    }

    /** Why the child ended, for a failure reason: its exit code (or signal) and the last line it logged. */
    public String exitReason() {
        int code = process.exitValue();
        // The JVM reports a death by signal N as 128 + N, like a shell.
        String signal = code > 128 && code < 128 + 32 ? " (killed by signal " + (code - 128) + ")" : "";
        String lastLine = lastLogLine();
        return name + " exited with code " + code + signal
                + (lastLine.isEmpty() ? "" : ": " + lastLine) + " (log: " + log + ")";
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String line = lines.get(i).strip();
                    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
