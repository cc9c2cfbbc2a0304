package io.moonlight.agent.stream;

import io.moonlight.agent.testing.Percentile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The agent's path through TURN against direct (bench/agent-path): the measurement of
 * {@link AgentPathBenchmark} (a pixel change to the decoded frame, the moving picture beside it), once
 * with the viewer reaching the agent directly and once with relay-only ICE through a real coturn
 * configured by 'install turn' on loopback, credentials issued as the hub's welcome carries them.
 * Prints markdown rows.
 */
public final class TurnPathBenchmark {
    private TurnPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        System.out.println("| screen | fps | codec | direct p50 (ms) | direct p95 (ms) | through TURN p50 (ms) "
                + "| through TURN p95 (ms) | decoded fps through TURN |");
        System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        Path scratch = Files.createTempDirectory("moonlight-turn-bench-");
        try (TurnRelay relay = TurnRelay.start(Files.createDirectories(scratch.resolve("root")),
                Files.createDirectories(scratch.resolve("run")))) {
            for (int[] c : new int[][] {{1280, 720, 30}, {1920, 1080, 60}}) {
                AgentPathBenchmark.Measured direct = AgentPathBenchmark.measure(c[0], c[1], c[2], "H264", samples, null);
                AgentPathBenchmark.Measured relayed = AgentPathBenchmark.measure(c[0], c[1], c[2], "H264", samples, relay);
                System.out.println(String.format(Locale.ROOT, "| %dx%d | %d | H264 | %s | %s | %s | %s | %.1f |", c[0], c[1],
                        c[2], Percentile.format(direct.latencies(), 50, 1),
                        Percentile.format(direct.latencies(), 95, 1),
                        Percentile.format(relayed.latencies(), 50, 1),
                        Percentile.format(relayed.latencies(), 95, 1), relayed.decodedFps())
                        + relayed.unseen());
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
