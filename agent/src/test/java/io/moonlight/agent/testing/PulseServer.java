package io.moonlight.agent.testing;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.supervisor.SessionDirectory;
import io.moonlight.core.supervisor.SoundServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A session's sound server as the supervisor starts it ({@link SoundServer}: PulseAudio with a null
 * sink as the default output), in a throwaway directory, and {@code paplay} to play into it. Fails,
 * never skips, when PulseAudio cannot start.
 */
public final class PulseServer implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);
    private final Process process;
    private final SoundServer sound;
    private final Path root;

    private PulseServer(Process process, SoundServer sound, Path root) {
        this.process = process;
        this.sound = sound;
        this.root = root;
    }

    public static PulseServer start() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("pulse");
        SessionDirectory dir = new SessionDirectory(root, root.resolve("s")).create();
        SoundServer sound = new SoundServer(dir);
        sound.prepare();
        ExternalCommand command = sound.command();
        ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true)
                .redirectOutput(root.resolve("pulseaudio.out").toFile());
        builder.environment().putAll(command.env());
        Process process = builder.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!sound.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("PulseAudio did not start: " + Files.readString(root.resolve("pulseaudio.out")));
            }
            Thread.sleep(20);
        }
        return new PulseServer(process, sound, root);
    }

    /** The server's address, as the supervisor puts it in PULSE_SERVER. */
    public String address() {
        return sound.address();
    }

    /** Starts playing a sine tone of {@code hertz} at half scale for {@code duration} into the default sink. */
    public Process play(int hertz, Duration duration) throws IOException {
        int frames = (int) (48_000 * duration.toMillis() / 1000);
        ByteBuffer samples = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short value = (short) (16_000 * Math.sin(2 * Math.PI * hertz * i / 48_000.0));
            samples.putShort(value).putShort(value);
        }
        Path tone = Files.write(Files.createTempFile(root, "tone", ".raw"), samples.array());
        return new ProcessBuilder(List.of("paplay", "--server", address(), "--raw", "--format=s16le", "--rate=48000",
                "--channels=2", tone.toString())).redirectErrorStream(true)
                .redirectOutput(root.resolve("paplay.out").toFile()).start();
    }

    /** The root mean square of 16-bit little-endian samples: 0 for silence, about 11,300 for the tone. */
    public static double rms(byte[] samples) {
        ByteBuffer buffer = ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int count = samples.length / 2;
        for (int i = 0; i < count; i++) {
            double s = buffer.getShort();
            sum += s * s;
        }
        return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
