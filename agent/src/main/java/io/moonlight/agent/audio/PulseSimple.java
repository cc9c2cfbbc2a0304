package io.moonlight.agent.audio;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/** The few calls of libpulse-simple (and libpulse's pa_strerror, which it links) the agent records with. */
public interface PulseSimple extends Library {
    int PA_STREAM_RECORD = 2;
    int PA_SAMPLE_S16LE = 3;

    Pointer pa_simple_new(String server, String name, int direction, String device, String streamName,
            SampleSpec spec, Pointer channelMap, BufferAttributes attributes, IntByReference error);

    int pa_simple_read(Pointer stream, byte[] data, NativeLong bytes, IntByReference error);

    void pa_simple_free(Pointer stream);

    String pa_strerror(int error);

    /** pa_sample_spec. */
    @Structure.FieldOrder({"format", "rate", "channels"})
    final class SampleSpec extends Structure {
        public int format;
        public int rate;
        public byte channels;
    }

    /** pa_buffer_attr; -1 (as unsigned: the maximum) leaves a field to the server. */
    @Structure.FieldOrder({"maxlength", "tlength", "prebuf", "minreq", "fragsize"})
    final class BufferAttributes extends Structure {
        public int maxlength = -1;
        public int tlength = -1;
        public int prebuf = -1;
        public int minreq = -1;
        public int fragsize = -1;
    }
}
