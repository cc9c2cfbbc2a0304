package io.moonlight.agent.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One viewer's peer connection: answers the browser's offer with the shared video track (and the
 * shared audio track, when the session has sound, in the same media stream so the browser plays them
 * in sync), trickles candidates both ways, caps the sender at the session's frame rate and bitrate,
 * hands the {@code input} data channel's messages to the viewer's input and sends the agent's on it.
 * Every step runs on the agent's one peer thread ({@code serial}): libwebrtc calls back on its own
 * threads, which must never block and must never close a peer connection.
 */
final class ViewerConnection {
    /** A browser that vanished shows as DISCONNECTED, not FAILED: it is closed after this long. */
    static final Duration DISCONNECTED_GRACE = Duration.ofSeconds(10);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final String peer;
    private final ScheduledExecutorService serial;
    private final SignalingOut out;
    private final InputRoute input;
    private final StreamLimits limits;
    private final VideoTrack track;
    private final Optional<AudioTrack> sound;
    private final List<RTCRtpCodecCapability> codecs;
    private final Consumer<String> log;
    private final ViewerLifecycle lifecycle;
    private final RTCPeerConnection connection;
    private RTCRtpSender sender;
    /** The browser's {@code input} data channel, once it has opened it. */
    private RTCDataChannel inputChannel;
    private RTCRtpSender soundSender;
    private boolean open = true;

    ViewerConnection(String peer, PeerConnectionFactory factory, RTCConfiguration configuration, VideoTrack track,
            Optional<AudioTrack> sound, List<RTCRtpCodecCapability> codecs, StreamLimits limits, InputRoute input, SignalingOut out, ScheduledExecutorService serial,
            Consumer<String> log, ViewerLifecycle lifecycle) {
        this.peer = peer;
        this.serial = serial;
        this.out = out;
        this.input = input;
        this.limits = limits;
        this.track = track;
        this.sound = sound;
        this.codecs = codecs;
        this.log = log;
        this.lifecycle = lifecycle;
        this.connection = factory.createPeerConnection(configuration, new Events());
    }

    String peer() {
        return peer;
    }

    /** Answers the browser's offer. */
    void offer(String sdp) {
        connection.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp), done(() -> {
            sender = connection.addTrack(track, List.of("desktop"));
            // Answers the browser's audio m-line; an offer without one leaves the track unsent.
            sound.ifPresent(audio -> soundSender = connection.addTrack(audio, List.of("desktop")));
            preferCodecs();
            connection.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription answer) {
                    serial.execute(() -> setAnswer(answer));
                }

                @Override
                public void onFailure(String error) {
                    serial.execute(() -> fail("cannot answer the offer: " + error));
                }
            });
        }, "cannot use the browser's offer"));
    }

    private void setAnswer(RTCSessionDescription answer) {
        if (!open) {
            return;
        }
        connection.setLocalDescription(answer, done(() -> {
            ObjectNode message = message("answer");
            message.put("sdp", answer.sdp);
            out.send(message);
            capSender();
        }, "cannot set the answer"));
    }

    /** The encoder's figures for this viewer so far; empty before the answer set up its sender. */
    CompletableFuture<Optional<EncoderStats>> encoderStats() {
        CompletableFuture<Optional<EncoderStats>> stats = new CompletableFuture<>();
        if (sender == null) {
            stats.complete(Optional.empty());
        } else {
            connection.getStats(sender, report -> stats.complete(EncoderStats.of(report)));
        }
        return stats;
    }

    /** Sends a text message on the viewer's {@code input} data channel; nothing before it is open. */
    void sendInput(String text) {
        if (!open || inputChannel == null || inputChannel.getState() != RTCDataChannelState.OPEN) {
            return;
        }
        try {
            inputChannel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
        } catch (Exception e) {
            log.accept("viewer " + peer + ": a message on the input channel was not sent: " + e.getMessage());
        }
    }

    /** Adds a candidate the browser sent; null ends its candidates (nothing to do for libwebrtc). */
    void candidate(String candidate, String sdpMid, int sdpMLineIndex) {
        if (open && candidate != null && !candidate.isEmpty()) {
            connection.addIceCandidate(new RTCIceCandidate(sdpMid, sdpMLineIndex, candidate));
        }
    }

    /** Closes the connection and releases what the viewer holds; tells the browser why when it asks. */
    void close(String reason, boolean tellBrowser) {
        if (!open) {
            return;
        }
        open = false;
        input.release().run();
        if (tellBrowser) {
            ObjectNode bye = message("bye");
            bye.put("reason", reason);
            out.send(bye);
        }
        if (sender != null) {
            connection.removeTrack(sender);
        }
        if (soundSender != null) {
            connection.removeTrack(soundSender);
        }
        connection.close();
        log.accept("viewer " + peer + " closed: " + reason);
        lifecycle.closed();
    }

    /** The offered codecs in the agent's order ({@link CodecOrder}): the answer lists them so and the browser follows. */
    private void preferCodecs() {
        for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
            if (transceiver.getSender() != null && transceiver.getSender().getTrack() == track) {
                transceiver.setCodecPreferences(codecs);
            }
        }
    }

    private void capSender() {
        RTCRtpSendParameters parameters = sender.getParameters();
        for (RTCRtpEncodingParameters encoding : parameters.encodings) {
            encoding.maxBitrate = limits.bitrateKbps() * 1000;
            encoding.maxFramerate = (double) limits.fps();
        }
        sender.setParameters(parameters);
    }

    private void fail(String why) {
        log.accept("viewer " + peer + ": " + why);
        close(why, true);
    }

    private ObjectNode message(String type) {
        ObjectNode message = JSON.objectNode();
        message.put("type", type);
        message.put("to", peer);
        return message;
    }

    private SetSessionDescriptionObserver done(Runnable next, String failure) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                serial.execute(() -> {
                    if (open) {
                        next.run();
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                serial.execute(() -> fail(failure + ": " + error));
            }
        };
    }

    /** libwebrtc's callbacks, each handed to the peer thread at once. */
    private final class Events implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            serial.execute(() -> {
                if (open) {
                    ObjectNode message = message("candidate");
                    message.put("candidate", candidate.sdp);
                    message.put("sdpMid", candidate.sdpMid);
                    message.put("sdpMLineIndex", candidate.sdpMLineIndex);
                    out.send(message);
                }
            });
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                serial.execute(() -> {
                    if (open) {
                        ObjectNode message = message("candidate");
                        message.putNull("candidate");
                        out.send(message);
                    }
                });
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            serial.execute(() -> {
                switch (state) {
                    case CONNECTED -> {
                        if (open) {
                            lifecycle.connected();
                        }
                    }
                    case FAILED -> fail("the connection failed (ICE found no path, or the browser vanished)");
                    case DISCONNECTED -> serial.schedule(() -> {
                        if (open && connection.getConnectionState() == RTCPeerConnectionState.DISCONNECTED) {
                            fail("disconnected for " + DISCONNECTED_GRACE.toSeconds() + " s");
                        }
                    }, DISCONNECTED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    default -> {
                    }
                }
            });
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            if (!"input".equals(channel.getLabel())) {
                return;
            }
            serial.execute(() -> inputChannel = channel);
            channel.registerObserver(new RTCDataChannelObserver() {
                @Override
                public void onBufferedAmountChange(long previous) {
                }

                @Override
                public void onStateChange() {
                    if (channel.getState() == RTCDataChannelState.CLOSED) {
                        input.release().run();
                    }
                }

                @Override
                public void onMessage(RTCDataChannelBuffer buffer) {
                    // The buffer is the library's until this returns: copied here, parsed by the input's own thread.
                    byte[] bytes = new byte[buffer.data.remaining()];
                    buffer.data.get(bytes);
                    // Binary messages are not part of the protocol: handed on as text, they count as malformed.
                    input.messages().accept(new String(bytes, StandardCharsets.UTF_8));
                }
            });
        }
    }
}
