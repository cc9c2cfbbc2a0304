package io.moonlight.agent.stream;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.moonlight.agent.audio.SoundCapture;
import io.moonlight.agent.capture.ScreenCapture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The session's desktop as WebRTC video and sound: one peer connection per viewer, all sending the
 * one video track the {@link FramePump} feeds from the display and, when the session has sound, the
 * one audio track the {@link SoundFeed} feeds from it. The pump runs only while a viewer is
 * connected. Signaling events arrive from any thread and are handled on one peer thread.
 */
public final class DesktopStream implements AutoCloseable {
    private static final Duration STATS_WAIT = Duration.ofSeconds(2);
    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    private final VideoFeed feed;
    private final FramePump pump;
    private final Optional<SoundFeed> sound;
    private final List<RTCRtpCodecCapability> codecs;
    private final Function<String, InputRoute> inputs;
    private final StreamLimits limits;
    private final Consumer<String> log;
    private final ScheduledExecutorService serial = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moonlight-peers");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ViewerConnection> viewers = new HashMap<>();
    private volatile List<RTCIceServer> iceServers = List.of();

    /** Video only: {@link #DesktopStream(ScreenCapture, Optional, Function, StreamLimits, Consumer)} without sound. */
    public DesktopStream(ScreenCapture capture, Function<String, InputRoute> inputs, StreamLimits limits,
            Consumer<String> log) {
        this(capture, Optional.empty(), inputs, limits, log);
    }

    /**
     * Loads the native library ({@link WebRtcLibrary}), starts the (idle) pump and, with {@code sound},
     * the sound's reader (the capture stays the caller's, to close after this).
     */
    public DesktopStream(ScreenCapture capture, Optional<SoundCapture> sound, Function<String, InputRoute> inputs,
            StreamLimits limits, Consumer<String> log) {
        this.audio = WebRtcLibrary.audioModule();
        this.factory = new PeerConnectionFactory(audio);
        this.feed = new VideoFeed(factory);
        this.sound = sound.map(s -> new SoundFeed(factory, audio, s, log));
        this.codecs = CodecOrder.preferred(factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs());
        this.pump = new FramePump(capture, feed, limits.fps(), log);
        this.inputs = inputs;
        this.limits = limits;
        this.log = log;
    }

    /** The ICE servers the hub hands out (its welcome), for the connections made from now on. */
    public void iceServers(List<RTCIceServer> servers) {
        this.iceServers = List.copyOf(servers);
    }

    /** A viewer's offer: a new peer connection for it (replacing one it had). */
    public void offer(String peer, String sdp, SignalingOut out) {
        serial.execute(() -> {
            close(peer, "the viewer sent a new offer", false);
            RTCConfiguration configuration = new RTCConfiguration();
            configuration.iceServers = iceServers;
            ViewerConnection viewer = new ViewerConnection(peer, factory, configuration, feed.track(),
                    sound.map(SoundFeed::track), codecs, limits,
                    inputs.apply(peer), out, serial, log, new ViewerLifecycle() {
                        @Override
                        public void connected() {
                            // The encoder starts once media can flow: a frame pushed before is not sent, and a
                            // still screen would leave the viewer waiting for the next repeat.
                            pump.prime();
                        }

                        @Override
                        public void closed() {
                            forget(peer);
                        }
                    });
            viewers.put(peer, viewer);
            pump.watched(true);
            viewer.offer(sdp);
        });
    }

    public void candidate(String peer, String candidate, String sdpMid, int sdpMLineIndex) {
        serial.execute(() -> {
            ViewerConnection viewer = viewers.get(peer);
            if (viewer != null) {
                viewer.candidate(candidate, sdpMid, sdpMLineIndex);
            }
        });
    }

    /** The viewer left (its signaling closed, or it said bye): its connection closes, its keys are released. */
    public void leave(String peer, String reason) {
        serial.execute(() -> close(peer, reason, false));
    }

    /** Sends a text message on the {@code input} data channel of every viewer {@code toViewer} accepts. */
    public void sendInput(String message, Predicate<String> toViewer) {
        serial.execute(() -> viewers.forEach((peer, viewer) -> {
            if (toViewer.test(peer)) {
                viewer.sendInput(message);
            }
        }));
    }

    /** The number of viewers connected now. */
    public int viewers() {
        try {
            return serial.submit(viewers::size).get();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Each viewer's encoder figures so far, by viewer; a viewer that does not answer in time is left out. */
    public Map<String, EncoderStats> encoderStats() {
        Map<String, EncoderStats> result = new TreeMap<>();
        try {
            Map<String, CompletableFuture<Optional<EncoderStats>>> asked = serial.submit(() -> {
                Map<String, CompletableFuture<Optional<EncoderStats>>> pending = new TreeMap<>();
                viewers.forEach((peer, viewer) -> pending.put(peer, viewer.encoderStats()));
                return pending;
            }).get(STATS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (Map.Entry<String, CompletableFuture<Optional<EncoderStats>>> viewer : asked.entrySet()) {
                viewer.getValue().get(STATS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .ifPresent(stats -> result.put(viewer.getKey(), stats));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.accept("the encoder's statistics did not come: " + e);
        }
        return result;
    }

    public FrameTimes frameTimes() {
        return pump.times();
    }

    private void close(String peer, String reason, boolean tellBrowser) {
        ViewerConnection viewer = viewers.get(peer);
        if (viewer != null) {
            viewer.close(reason, tellBrowser);
        }
    }

    private void forget(String peer) {
        viewers.remove(peer);
        pump.watched(!viewers.isEmpty());
    }

    /** Closes every viewer, then frees the native objects in the order the library needs. */
    @Override
    public void close() {
        pump.close();
        try {
            serial.submit(() -> List.copyOf(viewers.values()).forEach(v -> v.close("the agent is stopping", true)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.accept("closing the viewers: " + e);
        }
        serial.shutdown();
        sound.ifPresent(SoundFeed::close);
        feed.close();
        factory.dispose();
        audio.dispose();
    }
}
