package io.moonlight.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A viewer that is not a browser, for tests and benchmarks: a webrtc-java peer that offers what the
 * web client offers (receive-only video and audio transceivers and the {@code input} data channel),
 * reports each decoded frame's size and centre pixel with its arrival time and the agent's messages
 * on the data channel, and keeps the loudest 10 ms of sound received so far and when each sound
 * began after a quiet moment.
 */
public final class ViewingPeer implements AutoCloseable {
    /** A decoded frame: its size, the colour of its centre pixel, and when it arrived (System.nanoTime). */
    public record Received(int width, int height, int red, int green, int blue, long nanos) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final CustomVideoSource unused = new CustomVideoSource();
    private final VideoTrack placeholder = factory.createVideoTrack("placeholder", unused);
    private final CustomAudioSource unusedSound = new CustomAudioSource();
    private final AudioTrack soundPlaceholder = factory.createAudioTrack("sound-placeholder", unusedSound);
    private final RTCPeerConnection connection;
    private final RTCDataChannel input;
    private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final VideoTrackSink sink = this::decoded;
    private final AudioTrackSink hearing = this::heard;
    private final AtomicLong soundChunks = new AtomicLong();
    private volatile double loudest;
    private final BlockingQueue<Long> soundOnsets = new LinkedBlockingQueue<>();
    private boolean quiet = true;
    private VideoTrack remote;
    private AudioTrack remoteSound;

    /** @param toAgent where the offer and the candidates go (JSON as the hub relays it) */
    public ViewingPeer(Consumer<ObjectNode> toAgent) {
        this(toAgent, null);
    }

    /**
     * @param toAgent where the offer and the candidates go (JSON as the hub relays it)
     * @param codec the only video codec offered (e.g. "H264", "VP8"); null: every codec, the library's order
     */
    public ViewingPeer(Consumer<ObjectNode> toAgent, String codec) {
        this(toAgent, codec, new RTCConfiguration());
    }

    /** As {@link #ViewingPeer(Consumer, String)}, with ICE servers and policy as a browser page would give them. */
    public ViewingPeer(Consumer<ObjectNode> toAgent, String codec, RTCConfiguration configuration) {
        connection = factory.createPeerConnection(configuration, new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                ObjectNode message = JSON.objectNode().put("type", "candidate").put("candidate", candidate.sdp)
                        .put("sdpMid", candidate.sdpMid).put("sdpMLineIndex", candidate.sdpMLineIndex);
                toAgent.accept(message);
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                if (state == RTCPeerConnectionState.CONNECTED) {
                    connected.complete(null);
                }
            }

            @Override
            public void onTrack(RTCRtpTransceiver transceiver) {
                MediaStreamTrack track = transceiver.getReceiver().getTrack();
                if (track instanceof AudioTrack audio) {
                    remoteSound = audio;
                    remoteSound.addSink(hearing);
                } else {
                    remote = (VideoTrack) track;
                    remote.addSink(sink);
                }
            }
        });
        RTCRtpTransceiverInit receiveOnly = new RTCRtpTransceiverInit();
        receiveOnly.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        RTCRtpTransceiver video = connection.addTransceiver(placeholder, receiveOnly);
        if (codec != null) {
            video.setCodecPreferences(factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs().stream()
                    .filter(c -> c.getName().equalsIgnoreCase(codec) || c.getName().equals("rtx")).toList());
        }
        connection.addTransceiver(soundPlaceholder, receiveOnly);
        RTCDataChannelInit channel = new RTCDataChannelInit();
        channel.ordered = true;
        channel.protocol = "moonlight.input.v1";
        input = connection.createDataChannel("input", channel);
        input.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previous) {
            }

            @Override
            public void onStateChange() {
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                byte[] bytes = new byte[buffer.data.remaining()];
                buffer.data.get(bytes);
                messages.add(new String(bytes, StandardCharsets.UTF_8));
            }
        });
        connection.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription offer) {
                connection.setLocalDescription(offer, observer(() ->
                        toAgent.accept(JSON.objectNode().put("type", "offer").put("sdp", offer.sdp))));
            }

            @Override
            public void onFailure(String error) {
                connected.completeExceptionally(new IllegalStateException(error));
            }
        });
    }

    /** A message from the agent (answer, candidate, bye). */
    public void fromAgent(JsonNode message) {
        switch (message.path("type").asText()) {
            case "answer" -> connection.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.ANSWER, message.get("sdp").asText()), observer(() -> { }));
            case "candidate" -> {
                if (!message.path("candidate").isNull()) {
                    connection.addIceCandidate(new RTCIceCandidate(message.get("sdpMid").asText(),
                            message.get("sdpMLineIndex").asInt(), message.get("candidate").asText()));
                }
            }
            default -> {
            }
        }
    }

    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** The decoded frames, in arrival order. */
    public BlockingQueue<Received> frames() {
        return frames;
    }

    /**
     * The receiving side's figures so far (libwebrtc's inbound-rtp video): frames decoded, and the
     * seconds spent in decoding and in the jitter buffer summed over them.
     */
    public record Inbound(long framesDecoded, double decodeSeconds, double jitterBufferSeconds, long jitterBufferEmitted) {
        /** Mean milliseconds a frame since {@code before}: {decode, jitter buffer}. */
        public double[] millisSince(Inbound before) {
            long decoded = Math.max(1, framesDecoded - before.framesDecoded);
            long emitted = Math.max(1, jitterBufferEmitted - before.jitterBufferEmitted);
            return new double[] {1000 * (decodeSeconds - before.decodeSeconds) / decoded,
                    1000 * (jitterBufferSeconds - before.jitterBufferSeconds) / emitted};
        }
    }

    public Inbound inbound() throws Exception {
        CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
        connection.getStats(report::complete);
        Map<String, Object> video = report.get(5, TimeUnit.SECONDS).getStats().values().stream()
                .filter(s -> s.getType() == RTCStatsType.INBOUND_RTP && "video".equals(s.getAttributes().get("kind")))
                .findFirst().map(RTCStats::getAttributes).orElse(Map.of());
        return new Inbound(number(video, "framesDecoded").longValue(), number(video, "totalDecodeTime").doubleValue(),
                number(video, "jitterBufferDelay").doubleValue(), number(video, "jitterBufferEmittedCount").longValue());
    }

    private static Number number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n : 0;
    }

    /** The agent's text messages on the input channel, in arrival order. */
    public BlockingQueue<String> messages() {
        return messages;
    }

    /** How many chunks of sound (10 ms each) were decoded so far. */
    public long soundChunks() {
        return soundChunks.get();
    }

    /** The root mean square of the loudest chunk of sound decoded so far (16-bit samples; 0: silence). */
    public double loudest() {
        return loudest;
    }

    /** When (System.nanoTime) each sound began: the first loud 10 ms (RMS over 2,000) after a quiet one. */
    public BlockingQueue<Long> soundOnsets() {
        return soundOnsets;
    }

    private void heard(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        long now = System.nanoTime();
        soundChunks.incrementAndGet();
        double rms = PulseServer.rms(data);
        loudest = Math.max(loudest, rms);
        if (rms > 2000 && quiet) {
            soundOnsets.add(now);
        }
        quiet = rms < 500;
    }

    /** Sends a text message on the input channel. */
    public void send(String text) throws Exception {
        input.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
    }

    /** The centre pixel read straight from the I420 planes (BT.601): no conversion of the whole frame. */
    private void decoded(VideoFrame frame) {
        long now = System.nanoTime();
        I420Buffer i420 = frame.buffer.toI420();
        try {
            int x = i420.getWidth() / 2;
            int y = i420.getHeight() / 2;
            double luma = 1.164 * ((i420.getDataY().get(y * i420.getStrideY() + x) & 0xff) - 16);
            int u = (i420.getDataU().get(y / 2 * i420.getStrideU() + x / 2) & 0xff) - 128;
            int v = (i420.getDataV().get(y / 2 * i420.getStrideV() + x / 2) & 0xff) - 128;
            frames.add(new Received(i420.getWidth(), i420.getHeight(), clamp(luma + 1.596 * v),
                    clamp(luma - 0.813 * v - 0.391 * u), clamp(luma + 2.018 * u), now));
        } finally {
            i420.release();
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static SetSessionDescriptionObserver observer(Runnable then) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                then.run();
            }

            @Override
            public void onFailure(String error) {
                throw new IllegalStateException(error);
            }
        };
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.removeSink(sink);
        }
        input.unregisterObserver();
        if (remoteSound != null) {
            remoteSound.removeSink(hearing);
        }
        input.close();
        for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
            if (transceiver.getSender().getTrack() != null) {
                connection.removeTrack(transceiver.getSender());
            }
        }
        connection.close();
        placeholder.dispose();
        unused.dispose();
        soundPlaceholder.dispose();
        unusedSound.dispose();
        factory.dispose();
        audio.dispose();
    }
}
