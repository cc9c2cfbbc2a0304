package io.moonlight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a process's CPU goes, by thread: a snapshot of each thread's name and CPU time from
 * /proc/PID/task, and what the threads spent since an earlier snapshot, grouped by name (libwebrtc
 * names every encoder thread alike, so the group's size counts the encoders).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100;

    private record Task(String name, long ticks) {
    }

    private final Map<String, Task> threads;
    private final long nanos;

    private ThreadCpu(Map<String, Task> threads, long nanos) {
        this.threads = threads;
        this.nanos = nanos;
    }

    static ThreadCpu of(ProcessHandle process) throws IOException {
        Map<String, Task> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(task.getFileName().toString(), new Task(Files.readString(task.resolve("comm")).strip(),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
                } catch (IOException ended) {
                    // The thread ended between the listing and the read: it counts in neither snapshot.
                }
            }
        }
        return new ThreadCpu(threads, System.nanoTime());
    }

    /**
     * The {@code most} busiest groups of threads since {@code before}, busiest first, as
     * "NAME PERCENT" with " (N threads)" for a group of more than one; PERCENT is the share of one core.
     */
    String busiestSince(ThreadCpu before, int most) {
        double seconds = (nanos - before.nanos) / 1e9;
        Map<String, long[]> groups = new HashMap<>();
        threads.forEach((id, now) -> {
            Task then = before.threads.get(id);
            long[] group = groups.computeIfAbsent(now.name().replaceAll("[0-9]+$", ""), name -> new long[2]);
            group[0] += now.ticks() - (then == null ? 0 : then.ticks());
            group[1]++;
        });
        List<Map.Entry<String, long[]>> busiest = groups.entrySet().stream().filter(g -> g.getValue()[0] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(most).toList();
        return busiest.stream().map(g -> String.format(Locale.ROOT, "%s %.1f%s", g.getKey(),
                100.0 * g.getValue()[0] / TICKS_PER_SECOND / seconds,
                g.getValue()[1] > 1 ? " (" + g.getValue()[1] + " threads)" : "")).collect(Collectors.joining(", "));
    }
}
