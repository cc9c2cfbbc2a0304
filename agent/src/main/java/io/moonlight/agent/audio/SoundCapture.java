package io.moonlight.agent.audio;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.MoonlightException;

/**
 * Records what the session's desktop plays: the monitor of its sound server's default sink, as
 * 16-bit little-endian stereo at 48 kHz, in chunks of 10 ms, the unit libwebrtc's audio takes.
 * The server's record buffer is asked for fragments of one chunk: its default would deliver about
 * two seconds at once. Used from one thread; closed after that thread's last read.
 */
public final class SoundCapture implements AutoCloseable {
    public static final int RATE = 48000;
    public static final int CHANNELS = 2;
    public static final int BITS = 16;
    /** Samples per channel in a chunk: 10 ms. */
    public static final int FRAMES = RATE / 100;
    public static final int CHUNK_BYTES = FRAMES * CHANNELS * BITS / 8;
    /** PulseAudio's name for the monitor source of the default sink. */
    static final String MONITOR = "@DEFAULT_MONITOR@";
    private static final XLibraries.Loaded<PulseSimple> LIBRARY =
            new XLibraries.Loaded<>("libpulse-simple.so.0", PulseSimple.class, "libpulse0");
    private final PulseSimple pulse;
    private final Pointer stream;
    private final String server;

    private SoundCapture(PulseSimple pulse, Pointer stream, String server) {
        this.pulse = pulse;
        this.stream = stream;
        this.server = server;
    }

    /** Connects to {@code server} (a PULSE_SERVER value, e.g. unix:/path/native) and starts recording. */
    public static SoundCapture open(String server) {
        PulseSimple pulse = LIBRARY.get();
        PulseSimple.SampleSpec spec = new PulseSimple.SampleSpec();
        spec.format = PulseSimple.PA_SAMPLE_S16LE;
        spec.rate = RATE;
        spec.channels = CHANNELS;
        PulseSimple.BufferAttributes buffer = new PulseSimple.BufferAttributes();
        buffer.fragsize = CHUNK_BYTES;
        IntByReference error = new IntByReference();
        Pointer stream = pulse.pa_simple_new(server, "moonlight agent", PulseSimple.PA_STREAM_RECORD, MONITOR,
                "desktop sound", spec, null, buffer, error);
        if (stream == null) {
            throw MoonlightException.unavailable("cannot record from the sound server " + server + ": "
                    + pulse.pa_strerror(error.getValue()), "see the session's logs/pulseaudio.out");
        }
        return new SoundCapture(pulse, stream, server);
    }

    public String server() {
        return server;
    }

    /** Fills {@code chunk} ({@link #CHUNK_BYTES} long) with the next 10 ms; blocks until they were played. */
    public void read(byte[] chunk) {
        if (chunk.length != CHUNK_BYTES) {
            throw new IllegalArgumentException("a chunk is " + CHUNK_BYTES + " bytes, not " + chunk.length);
        }
        IntByReference error = new IntByReference();
        if (pulse.pa_simple_read(stream, chunk, new NativeLong(chunk.length), error) < 0) {
            throw MoonlightException.failed("recording from the sound server " + server + " failed: "
                    + pulse.pa_strerror(error.getValue()), "see the session's logs/pulseaudio.out");
        }
    }

    @Override
    public void close() {
        pulse.pa_simple_free(stream);
    }
}
