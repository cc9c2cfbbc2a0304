package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;

import io.moonlight.core.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The browser path measured (bench/browser-path) on a {@link StreamingSite}: for each size and frame
 * rate a session whose desktop is {@code ico} (a moving picture) beside a still root window, viewed in
 * headless Chromium through nginx. Per case: the time from a change of the root window's colour
 * (xsetroot has returned: the X server has drawn it) to the first frame the page presents with it
 * (requestVideoFrameCallback, same machine's wall clock), p50 and p95; the time from the viewer's
 * connecting to a session whose agent is at the hub (the web client's performance marks,
 * moonlight:connect) to its first presented frame, with the picture moving and still, each step in
 * between, and the page's navigation start to its first frame; frames decoded per second with the
 * moving picture; the agent's CPU (share of one core) with the picture moving and still, and the
 * machine's idle share.
 * Prints two markdown tables: the measures, then the steps to the first frame.
 */
public final class BrowserPathBenchmark {
    private static final String HOOK = """
            window.peers = [];
            const Original = RTCPeerConnection;
            window.RTCPeerConnection = function (...args) {
                const peer = new Original(...args);
                window.peers.push(peer);
                return peer;
            };
            window.RTCPeerConnection.prototype = Original.prototype;
            window.expected = null;
            window.seenAt = null;
            document.addEventListener('DOMContentLoaded', () => {
                const video = document.getElementById('video');
                const canvas = document.createElement('canvas');
                canvas.width = 1;
                canvas.height = 1;
                const g = canvas.getContext('2d', {willReadFrequently: true});
                const frame = (now) => {
                    if (window.expected && window.seenAt === null) {
                        g.drawImage(video, Math.floor(0.9 * video.videoWidth), Math.floor(0.9 * video.videoHeight), 1, 1,
                                0, 0, 1, 1);
                        const d = g.getImageData(0, 0, 1, 1).data;
                        const e = window.expected;
                        if (Math.abs(d[0] - e[0]) < 40 && Math.abs(d[1] - e[1]) < 40 && Math.abs(d[2] - e[2]) < 40) {
                            window.seenAt = Date.now();
                        }
                    }
                    video.requestVideoFrameCallback(frame);
                };
                video.requestVideoFrameCallback(frame);
            });""";
    private static final List<String> STEPS = List.of("open", "welcome", "offer", "answer", "connected", "first-frame");
    private static final int[][] COLOURS = {{0xc0, 0x30, 0x20}, {0x20, 0x50, 0xc0}};

    private BrowserPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        System.out.println("| screen | fps | codec | change to page p50 (ms) | p95 (ms) | connect to first frame moving / still (ms) "
                + "| page load to first frame (ms) | decoded fps (moving) | agent CPU moving (%) | agent CPU still (%) "
                + "| machine idle moving / still (%) |");
        System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> steps = new ArrayList<>();
        try (StreamingSite site = StreamingSite.start("""
                xsetroot -solid '#204080'
                exec ico -faces -noedges -geometry 480x480+0+0
                """)) {
            site.chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOOK));
            for (String geometry : List.of("1280x720", "1920x1080")) {
                for (int fps : new int[] {30, 60}) {
                    System.out.println(run(site, geometry, fps, samples, steps));
                }
            }
        }
        System.out.println();
        System.out.println("| screen | fps | " + String.join(" | ", STEPS.stream().map(s -> s + " (ms after connect)").toList())
                + " |");
        System.out.println("|" + " --- |".repeat(2) + " ---: |".repeat(STEPS.size()));
        steps.forEach(System.out::println);
    }

    private static String run(StreamingSite site, String geometry, int fps, int samples, List<String> steps)
            throws Exception {
        int width = Integer.parseInt(geometry.split("x")[0]);
        int height = Integer.parseInt(geometry.split("x")[1]);
        StreamingSite.Session session = site.startSession(geometry, fps);
        try {
            // The user who opens a running session: its agent is at the hub (a session just started
            // waits for its agent's JVM, about half a second, on top).
            Await.until("the agent at the hub", WAIT, () -> session.agentLog().contains("signaling: connected"));
            site.openViewer(session, width, height);
            Map<String, Double> marks = startMarks(site);
            double connect = marks.get("connect");
            steps.add(String.format(Locale.ROOT, "| %s | %d |", geometry, fps) + STEPS.stream()
                    .map(step -> String.format(Locale.ROOT, " %.0f |", marks.get(step) - connect))
                    .reduce("", String::concat));
            ProcessHandle agent = session.agent();

            Thread.sleep(2000);
            long decodedBefore = framesDecoded(site);
            Cpu moving = Cpu.of(agent, 5000);
            double decodedFps = (framesDecoded(site) - decodedBefore) / 5.0;

            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                int[] colour = COLOURS[i % 2];
                site.chromium.driver.executeScript("window.seenAt = null; window.expected = arguments[0];",
                        List.of(colour[0], colour[1], colour[2]));
                session.paintRoot(String.format("#%02x%02x%02x", colour[0], colour[1], colour[2]));
                long drawn = System.currentTimeMillis();
                Await.until("the colour in the page", WAIT,
                        () -> site.chromium.driver.executeScript("return window.seenAt") != null);
                latencies.add(((Number) site.chromium.driver.executeScript("return window.seenAt")).doubleValue() - drawn);
                Thread.sleep(150 + (i * 37) % 150);
            }
            String codec = (String) inboundVideo(site, "codec");
            ProcessHandle picture = moving(session);
            StreamingSite.run(List.of("kill", "-STOP", String.valueOf(picture.pid())), Map.of());
            Thread.sleep(1000);
            Cpu still = Cpu.of(agent, 10000);
            site.chromium.driver.get("about:blank");
            site.openViewer(session, width, height);
            double stillFirstFrame = startMarks(site).get("first-frame") - startMarks(site).get("connect");
            StreamingSite.run(List.of("kill", "-CONT", String.valueOf(picture.pid())), Map.of());
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.0f / %.0f | %.0f | %.1f | %.1f | %.1f | %.0f / %.0f |",
                    geometry, fps, codec, percentile(latencies, 50), percentile(latencies, 95),
                    marks.get("first-frame") - connect, stillFirstFrame, marks.get("first-frame"), decodedFps,
                    moving.agentPercent(), still.agentPercent(), moving.idlePercent(), still.idlePercent());
        } finally {
            site.stopSession(session);
        }
    }

    /** The first of each of the web client's moonlight:* marks, by step, in ms since the page's navigation start. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> startMarks(StreamingSite site) {
        Await.until("the first frame's mark", WAIT, () -> Boolean.TRUE.equals(site.chromium.driver.executeScript(
                "return performance.getEntriesByName('moonlight:first-frame').length > 0")));
        Map<String, Number> marks = (Map<String, Number>) site.chromium.driver.executeScript("""
                const marks = {};
                for (const m of performance.getEntriesByType('mark')) {
                    const step = m.name.replace(/^moonlight:/, '');
                    if (step !== m.name && !(step in marks)) {
                        marks[step] = m.startTime;
                    }
                }
                return marks;""");
        Map<String, Double> millis = new HashMap<>();
        marks.forEach((step, at) -> millis.put(step, at.doubleValue()));
        return millis;
    }

    private static long framesDecoded(StreamingSite site) {
        return ((Number) inboundVideo(site, "framesDecoded")).longValue();
    }

    /** A field of the page's last peer connection's inbound video stats ("codec": the codec's MIME type). */
    private static Object inboundVideo(StreamingSite site, String field) {
        return site.chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const field = arguments[0];
                window.peers[window.peers.length - 1].getStats().then((stats) => {
                    let inbound = null;
                    stats.forEach((s) => {
                        if (s.type === 'inbound-rtp' && s.kind === 'video') {
                            inbound = s;
                        }
                    });
                    done(field === 'codec' ? stats.get(inbound.codecId).mimeType : inbound[field]);
                });""", field);
    }

    /** The session's moving picture: the ico process, found by the session's id in its environment. */
    private static ProcessHandle moving(StreamingSite.Session session) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/ico"))
                .filter(p -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ")))
                                .contains("MOONLIGHT_SESSION_ID=" + session.id());
                    } catch (IOException gone) {
                        return false;
                    }
                }).findFirst().orElseThrow(() -> new AssertionError("no moving picture in " + session.id()));
    }

    private static String percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return "-";
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1));
        return String.format(Locale.ROOT, "%.0f", sorted[index]);
    }

    /** A process's CPU time and the machine's idle time over an interval, from /proc. */
    private record Cpu(double agentPercent, double idlePercent) {
        static Cpu of(ProcessHandle process, long millis) throws IOException, InterruptedException {
            long agentBefore = ticks(process);
            long[] machineBefore = machine();
            long start = System.nanoTime();
            Thread.sleep(millis);
            double seconds = (System.nanoTime() - start) / 1e9;
            long agentAfter = ticks(process);
            long[] machineAfter = machine();
            double idle = 100.0 * (machineAfter[1] - machineBefore[1]) / (machineAfter[0] - machineBefore[0]);
            return new Cpu(100.0 * (agentAfter - agentBefore) / 100.0 / seconds, idle);
        }

        /** utime + stime of the process and its children (the launcher execs the JVM: one process). */
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
}
