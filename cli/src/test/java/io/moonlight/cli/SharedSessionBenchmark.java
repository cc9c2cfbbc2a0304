package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.agent.testing.Percentile;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.core.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A shared session measured (bench/shared-session) on a {@link StreamingSite}: one session at
 * 1280x720, 30 fps, whose desktop is {@code ico} (a moving picture) beside a still root window; its
 * owner in headless Chromium through nginx, then also VIEWERS view-only viewers of a share link made
 * with {@code moonlight session share}, each another signed-in user whose signaling goes through nginx
 * and the gateway's hub like a page's, with a webrtc-java peer decoding the stream in this JVM (a
 * Chromium tab each would take the cores the agent is measured on), then the owner alone again after
 * they left. Per phase, over the same 10 s: the agent's CPU (share of one core, /proc), this JVM's
 * (the viewers' decoding, and the test driver), the machine's idle share, the frames the owner's page
 * decoded a second and each viewer's; then the owner's change-to-page time (p50, p95 of SAMPLES
 * changes of the root window's colour). Prints two markdown tables: the measures, then the agent's
 * busiest threads in each phase.
 */
public final class SharedSessionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final long WINDOW_MILLIS = 10_000;
    private static final List<String> THREADS = new ArrayList<>();

    private SharedSessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int viewerCount = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("| phase | peers | agent CPU (%) | viewers' JVM CPU (%) | machine idle (%) | owner's fps (Chromium) "
                + "| each viewer's fps (webrtc-java) | owner's change to page p50 (ms) | p95 (ms) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        try (StreamingSite site = StreamingSite.start("""
                xsetroot -solid '#204080'
                exec ico -faces -noedges -geometry 480x480+0+0
                """)) {
            PageProbe.install(site);
            StreamingSite.Session session = site.startSession(WIDTH + "x" + HEIGHT, 30);
            List<ShareViewer> viewers = new ArrayList<>();
            try {
                Await.until("the agent at the hub", WAIT, () -> session.agentLog().contains("signaling: connected"));
                site.openViewer(session, WIDTH, HEIGHT);
                ProcessHandle agent = session.agent();
                Thread.sleep(3000);
                System.out.println(phase("the owner alone", site, session, agent, viewers, samples));

                String share = JSON.readTree(site.ml("session", "share", session.id(), "--max-viewers",
                        String.valueOf(viewerCount), "--json")).get("share").asText();
                for (int i = 1; i <= viewerCount; i++) {
                    String jwt = site.ml("gateway", "token", "--user", "mlwatch" + i, "--groups", "HPC-Users", "--hours", "1")
                            .strip();
                    viewers.add(ShareViewer.open(site, session, share, jwt));
                }
                for (ShareViewer viewer : viewers) {
                    viewer.peer().connected().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    Await.until("a viewer's first frame", WAIT, () -> !viewer.peer().frames().isEmpty());
                }
                Thread.sleep(3000);
                System.out.println(phase("the owner and " + viewerCount + " viewers", site, session, agent, viewers, samples));

                closeAll(viewers);
                Thread.sleep(3000);
                System.out.println(phase("the owner after the viewers left", site, session, agent, viewers, samples));
            } finally {
                closeAll(viewers);
                site.stopSession(session);
            }
        }
        System.out.println();
        System.out.println("| phase | the agent's busiest threads over the same 10 s (share of one core, %) |");
        System.out.println("| --- | --- |");
        THREADS.forEach(System.out::println);
    }

    private static String phase(String name, StreamingSite site, StreamingSite.Session session, ProcessHandle agent,
            List<ShareViewer> viewers, int samples) throws Exception {
        long ownerBefore = PageProbe.framesDecoded(site);
        viewers.forEach(v -> v.peer().frames().clear());
        long start = System.nanoTime();
        ThreadCpu threadsBefore = ThreadCpu.of(agent);
        CpuShare cpu = CpuShare.over(WINDOW_MILLIS, List.of(agent, ProcessHandle.current()));
        THREADS.add("| " + name + " | " + ThreadCpu.of(agent).busiestSince(threadsBefore, 5) + " |");
        List<Double> viewerFps = new ArrayList<>();
        for (ShareViewer viewer : viewers) {
            viewerFps.add(viewer.peer().frames().size() / ((System.nanoTime() - start) / 1e9));
        }
        double ownerFps = (PageProbe.framesDecoded(site) - ownerBefore) / ((System.nanoTime() - start) / 1e9);
        for (ShareViewer viewer : viewers) {
            ViewingPeer.Received last = viewer.peer().frames().peek();
            if (last == null || last.width() != WIDTH || last.height() != HEIGHT) {
                throw new AssertionError("a viewer did not decode the session's " + WIDTH + "x" + HEIGHT + " picture: " + last);
            }
        }
        List<Double> latencies = PageProbe.changeToFrame(site, session, samples);
        String each = viewerFps.isEmpty() ? "-" : viewerFps.stream()
                .map(fps -> String.format(Locale.ROOT, "%.1f", fps)).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f | %.1f | %s | %s | %s |", name,
                1 + viewers.size(), cpu.percents()[0], cpu.percents()[1], cpu.idlePercent(), ownerFps, each,
                Percentile.format(latencies, 50, 0), Percentile.format(latencies, 95, 0));
    }

    private static void closeAll(List<ShareViewer> viewers) {
        viewers.forEach(ShareViewer::close);
        viewers.clear();
    }
}
