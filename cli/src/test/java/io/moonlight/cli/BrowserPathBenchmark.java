package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;

import io.moonlight.agent.testing.Percentile;
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
    private static final List<String> STEPS = List.of("open", "welcome", "offer", "answer", "connected", "first-frame");

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
            PageProbe.install(site);
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
            long decodedBefore = PageProbe.framesDecoded(site);
            CpuShare moving = CpuShare.over(5000, List.of(agent));
            double decodedFps = (PageProbe.framesDecoded(site) - decodedBefore) / 5.0;

            List<Double> latencies = PageProbe.changeToFrame(site, session, samples);
            String codec = (String) PageProbe.inboundVideo(site, "codec");
            ProcessHandle picture = moving(session);
            StreamingSite.run(List.of("kill", "-STOP", String.valueOf(picture.pid())), Map.of());
            Thread.sleep(1000);
            CpuShare still = CpuShare.over(10000, List.of(agent));
            site.chromium.driver.get("about:blank");
            site.openViewer(session, width, height);
            double stillFirstFrame = startMarks(site).get("first-frame") - startMarks(site).get("connect");
            StreamingSite.run(List.of("kill", "-CONT", String.valueOf(picture.pid())), Map.of());
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.0f / %.0f | %.0f | %.1f | %.1f | %.1f | %.0f / %.0f |",
                    geometry, fps, codec, Percentile.format(latencies, 50, 0), Percentile.format(latencies, 95, 0),
                    marks.get("first-frame") - connect, stillFirstFrame, marks.get("first-frame"), decodedFps,
                    moving.percents()[0], still.percents()[0], moving.idlePercent(), still.idlePercent());
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
}
