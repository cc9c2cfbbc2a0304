package io.moonlight.agent.stream;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.moonlight.agent.capture.CapturedFrame;

/**
 * The agent's one video track, which every viewer's sender shares: captured frames become I420
 * frames pushed into a {@link CustomVideoSource}. The last frame is kept, so that it can be pushed
 * again to keep the encoder fed (a keyframe after loss, a new viewer) while the screen stands still.
 */
public final class VideoFeed implements AutoCloseable {
    private final CustomVideoSource source = new CustomVideoSource();
    private final VideoTrack track;
    private NativeI420Buffer last;

    public VideoFeed(PeerConnectionFactory factory) {
        this.track = factory.createVideoTrack("desktop", source);
    }

    public VideoTrack track() {
        return track;
    }

    /** Converts and pushes a captured frame (B,G,R,x rows of exactly width * 4 bytes). */
    public synchronized void push(CapturedFrame frame) {
        if (frame.stride() != frame.width() * 4) {
            throw new IllegalArgumentException("rows of " + frame.stride() + " bytes for a width of " + frame.width()
                    + " pixels: only 32-bit pixels without padding are converted");
        }
        NativeI420Buffer i420 = NativeI420Buffer.allocate(frame.width(), frame.height());
        try {
            VideoBufferConverter.convertToI420(frame.pixels(), i420, FourCC.ARGB);
        } catch (Exception e) {
            i420.release();
            throw new IllegalStateException("cannot convert a " + frame.width() + "x" + frame.height() + " frame: " + e, e);
        }
        if (last != null) {
            last.release();
        }
        last = i420;
        pushLast(frame.capturedNanos());
    }

    /** Pushes the last frame again with a new timestamp; nothing when there is none yet. */
    public synchronized void repeat(long nanos) {
        if (last != null) {
            pushLast(nanos);
        }
    }

    private void pushLast(long nanos) {
        last.retain();
        VideoFrame video = new VideoFrame(last, nanos);
        try {
            source.pushFrame(video);
        } finally {
            video.release();
        }
    }

    /** Call after every peer connection that used the track is closed. */
    @Override
    public synchronized void close() {
        if (last != null) {
            last.release();
            last = null;
        }
        track.dispose();
        source.dispose();
    }
}
