package io.moonlight.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.agent.audio.SoundCapture;
import io.moonlight.agent.capture.ScreenCapture;
import io.moonlight.agent.clipboard.DesktopClipboard;
import io.moonlight.agent.input.InputInjector;
import io.moonlight.agent.resize.DisplayResizer;
import io.moonlight.agent.signaling.SignalingClient;
import io.moonlight.agent.stream.DesktopStream;
import io.moonlight.agent.stream.EncoderStats;
import io.moonlight.agent.stream.IceServerList;
import io.moonlight.agent.stream.InputRoute;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.supervisor.SoundServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session's agent: the display's capture and input, the desktop stream, and the hub's signaling
 * tied together. Runs until {@link #close} or until the hub refuses it for good; media keeps
 * flowing while the hub is away, and the browsers renegotiate once both sides are back.
 */
public final class Agent implements AutoCloseable {
    private static final long COUNTS_SECONDS = 5;
    private static final long STREAM_LOG_SECONDS = 60;
    private final ScreenCapture capture;
    private final InputInjector input;
    private final Optional<SoundCapture> sound;
    private final DesktopStream stream;
    private final Optional<DesktopClipboard> clipboard;
    private final DisplayResizer resizer;
    private final PeerInputs peers;
    private final SignalingClient signaling;
    private final Consumer<String> log;
    private final CompletableFuture<String> refused = new CompletableFuture<>();
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moonlight-agent-reports");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Long> reportedCounts = Map.of();
    private Map<String, EncoderStats> loggedStats = Map.of();
    private long loggedStatsAt;

    private Agent(AgentOptions options, ScreenCapture capture, InputInjector input, Optional<SoundCapture> sound,
            Consumer<String> log) {
        this.capture = capture;
        this.input = input;
        this.sound = sound;
        this.log = log;
        this.stream = new DesktopStream(capture, sound, this::inputOf, options.limits(), log);
        this.clipboard = shareClipboard(options.display(), log);
        this.resizer = new DisplayResizer(options.resizeScript(), capture.width(), capture.height(),
                new ProcessCommandRunner(), log);
        this.peers = new PeerInputs(input, clipboard.<Consumer<String>>map(c -> c::set).orElse(text -> { }), resizer);
        this.signaling = new SignalingClient(options.signalingUrl(), options.sessionId(), options.token(), new Hub(), log);
    }

    /** Opens the display, loads the native library and connects to the hub. */
    public static Agent start(AgentOptions options, Consumer<String> log) {
        ScreenCapture capture = ScreenCapture.open(options.display());
        InputInjector input;
        try {
            input = InputInjector.open(options.display());
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        Optional<SoundCapture> sound = openSound(options.soundServer(), log);
        Agent agent;
        try {
            agent = new Agent(options, capture, input, sound, log);
        } catch (RuntimeException | Error e) {
            sound.ifPresent(SoundCapture::close);
            input.close();
            capture.close();
            throw e;
        }
        log.accept("agent for " + options.sessionId() + " on " + options.display() + " (" + capture.width() + "x"
                + capture.height() + ", " + capture.method() + ", up to " + options.limits().fps() + " fps and "
                + options.limits().bitrateKbps() + " kbps" + sound.map(s -> ", sound from " + s.server()).orElse("")
                + "), hub " + options.signalingUrl());
        agent.signaling.start();
        agent.reports.scheduleAtFixedRate(agent::reportCounts, COUNTS_SECONDS, COUNTS_SECONDS, TimeUnit.SECONDS);
        agent.reports.scheduleAtFixedRate(agent::logStreams, STREAM_LOG_SECONDS, STREAM_LOG_SECONDS, TimeUnit.SECONDS);
        return agent;
    }

    /** The display's clipboard for the viewers; without it (no XFIXES) the desktop still streams. */
    private Optional<DesktopClipboard> shareClipboard(String display, Consumer<String> log) {
        try {
            return Optional.of(DesktopClipboard.open(display,
                    message -> stream.sendInput(message, peer -> peers.role(peer).sharesClipboard()), log));
        } catch (RuntimeException e) {
            log.accept("clipboard: not shared with the viewers: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The session's sound, or empty (said once in the log) when the session has no sound server or it
     * cannot be recorded: the agent then streams video only.
     */
    private static Optional<SoundCapture> openSound(Optional<String> server, Consumer<String> log) {
        if (server.isEmpty()) {
            log.accept("no sound: the session has no sound server (" + SoundServer.SERVER_VARIABLE
                    + " is not set); streaming video only");
            return Optional.empty();
        }
        try {
            return Optional.of(SoundCapture.open(server.get()));
        } catch (MoonlightException e) {
            log.accept("no sound: " + e.getMessage() + "; streaming video only");
            return Optional.empty();
        }
    }

    private InputRoute inputOf(String peer) {
        return peers.route(peer);
    }

    /** Completes with the reason when the hub refused the agent for good. */
    public CompletableFuture<String> refused() {
        return refused;
    }

    private void reportCounts() {
        Map<String, Long> now = input.droppedCounts();
        if (!now.equals(reportedCounts)) {
            ObjectNode message = JsonNodeFactory.instance.objectNode().put("type", "input-dropped");
            ObjectNode counted = message.putObject("counts");
            now.forEach(counted::put);
            signaling.send(message);
            reportedCounts = now;
        }
    }

    /**
     * A line a minute per viewer on what its encoder did (rate, encode time, bitrate, and what libwebrtc
     * says limits it: cpu, bandwidth or none), so that a slow stream can be read from the agent's log.
     */
    private void logStreams() {
        Map<String, EncoderStats> now = stream.encoderStats();
        long at = System.nanoTime();
        now.forEach((peer, stats) -> {
            EncoderStats before = loggedStats.get(peer);
            if (before != null && before.framesEncoded() <= stats.framesEncoded()) {
                log.accept("stream to " + peer + ": " + stats.since(before, Duration.ofNanos(at - loggedStatsAt)));
            }
        });
        loggedStats = now;
        loggedStatsAt = at;
    }

    @Override
    public void close() {
        reports.shutdownNow();
        signaling.close();
        stream.close();
        clipboard.ifPresent(DesktopClipboard::close);
        resizer.close();
        sound.ifPresent(SoundCapture::close);
        input.close();
        capture.close();
    }

    /** The hub's messages (docs/streaming.md). */
    private final class Hub implements SignalingClient.Handler {
        @Override
        public void welcome(JsonNode welcome) {
            stream.iceServers(IceServerList.fromHub(welcome.path("iceServers")));
            log.accept("signaling: connected" + (welcome.path("browser").isTextual()
                    ? ", a browser is waiting" : ""));
        }

        @Override
        public void message(JsonNode message) {
            String from = message.path("from").asText(message.path("peer").asText());
            switch (message.path("type").asText()) {
                case "offer" -> {
                    peers.offered(from, message);
                    stream.offer(from, message.path("sdp").asText(), signaling::send);
                }
                case "candidate" -> stream.candidate(from, message.path("candidate").isNull() ? null
                        : message.path("candidate").asText(), message.path("sdpMid").asText(),
                        message.path("sdpMLineIndex").asInt());
                case "bye" -> stream.leave(from, "the viewer said bye: " + message.path("reason").asText());
                case "peer-left" -> {
                    stream.leave(from, "the viewer's signaling closed");
                    peers.left(from);
                }
                case "ice-servers" -> stream.iceServers(IceServerList.fromHub(message.path("iceServers")));
                case "error" -> log.accept("signaling: the hub refused a message: " + message.path("message").asText());
                default -> {
                }
            }
        }

        @Override
        public void lost(String why) {
        }

        @Override
        public void refused(int code, String reason) {
            refused.complete("the hub refused the agent (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
        }
    }
}
