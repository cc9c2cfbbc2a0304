package io.moonlight.agent.stream;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import io.moonlight.agent.audio.SoundCapture;
import io.moonlight.core.MoonlightException;
import java.util.function.Consumer;

/**
 * The agent's one audio track, which every viewer's sender shares (libwebrtc encodes it as Opus for
 * each): a thread of its own reads the session's sound in 10 ms chunks and pushes each into a
 * {@link CustomAudioSource}. It reads all the time, viewers or not: a record stream left unread
 * fills up and would hand a new viewer seconds of stale sound. A failed read ends the sound, not
 * the stream. Digital silence (all zeros: nothing plays into the session's sink) is not pushed once
 * {@value #TAIL_CHUNKS} silent chunks have followed the last sound: an idle desktop then costs no
 * Opus encoding for each viewer (measured: about 6 % of a core with one viewer, which put a still
 * desktop over the 5 % it must stay under).
 *
 * <p>The headless audio module records too, silence, on a thread of its own, and libwebrtc hands
 * what it records to every audio sender: two threads in one sender, which libwebrtc aborts the
 * process for when their calls overlap (seen here: {@code audio_send_stream.cc ... RaceDetected}).
 * webrtc-java's {@code setAudioSource} puts its own transport between the module and libwebrtc, which
 * hands recordings to the given source only; with one that takes nothing, this feed's pushes are
 * the senders' only sound.
 */
final class SoundFeed implements AutoCloseable {
    /** 200 ms of silence still pushed after a sound, so that its end is encoded and sent whole. */
    static final int TAIL_CHUNKS = 20;
    private final CustomAudioSource source = new CustomAudioSource();
    private final AudioTrack track;
    private final SoundCapture capture;
    private final Consumer<String> log;
    private final Thread reader;
    private volatile boolean running = true;

    SoundFeed(PeerConnectionFactory factory, AudioDeviceModuleBase module, SoundCapture capture, Consumer<String> log) {
        module.setAudioSource((samples, frames, bytesPerSample, channels, rate) -> 0);
        this.track = factory.createAudioTrack("sound", source);
        this.capture = capture;
        this.log = log;
        this.reader = new Thread(this::pump, "moonlight-sound");
        reader.setDaemon(true);
        reader.start();
    }

    AudioTrack track() {
        return track;
    }

    private void pump() {
        byte[] chunk = new byte[SoundCapture.CHUNK_BYTES];
        int silentChunks = TAIL_CHUNKS;
        try {
            while (running) {
                capture.read(chunk);
                silentChunks = silent(chunk) ? silentChunks + 1 : 0;
                if (silentChunks <= TAIL_CHUNKS) {
                    source.pushAudio(chunk, SoundCapture.BITS, SoundCapture.RATE, SoundCapture.CHANNELS,
                            SoundCapture.FRAMES);
                }
            }
        } catch (MoonlightException e) {
            log.accept("no sound from now on: " + e.getMessage());
        }
    }

    static boolean silent(byte[] chunk) {
        for (byte sample : chunk) {
            if (sample != 0) {
                return false;
            }
        }
        return true;
    }

    /** Stops the reader (the capture stays open: its owner closes it); call after every viewer is closed. */
    @Override
    public void close() {
        running = false;
        try {
            // A read returns within 10 ms while the server runs; a server gone fails it at once.
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        track.dispose();
        source.dispose();
    }
}
