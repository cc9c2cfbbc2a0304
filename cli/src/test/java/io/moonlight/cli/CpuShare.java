package io.moonlight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Processes' CPU time and the machine's idle time over a fixed interval, from /proc, for the
 * benchmarks: {@code percents} in the processes' order, each the share of one core (100: one core
 * busy all the time), and the machine's idle share of all its cores.
 */
record CpuShare(double[] percents, double idlePercent) {
    private static final double TICKS_PER_SECOND = 100;

    static CpuShare over(long millis, List<ProcessHandle> processes) throws IOException, InterruptedException {
        long[] before = new long[processes.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = ticks(processes.get(i));
        }
        long[] machineBefore = machine();
        long start = System.nanoTime();
        Thread.sleep(millis);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] machineAfter = machine();
        double[] percents = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            percents[i] = 100.0 * (ticks(processes.get(i)) - before[i]) / TICKS_PER_SECOND / seconds;
        }
        double idle = 100.0 * (machineAfter[1] - machineBefore[1]) / (machineAfter[0] - machineBefore[0]);
        return new CpuShare(percents, idle);
    }

    /** utime + stime of the process (the launcher execs the JVM: one process). */
    private static long ticks(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {total, idle} jiffies of all cores. */
    private static long[] machine() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    }
}
