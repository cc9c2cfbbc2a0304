package io.moonlight.core.testbed;

import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.RacingScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * X displays taken the way any local user can take them: a process of {@code user}
 * ({@code attack/bind-abstract.py} through {@link RacingScript}) binds the abstract sockets
 * {@code @/tmp/.X11-unix/X<n>}, which need no file and no permission, so that an X server started on
 * such a display cannot listen. The process ends by itself after {@code atMost}, or at {@link #close}.
 */
public final class SquattedDisplays implements AutoCloseable {
    private final RacingScript squatter;
    private final Path dir;
    private final List<Integer> displays;

    private SquattedDisplays(RacingScript squatter, Path dir, List<Integer> displays) {
        this.squatter = squatter;
        this.dir = dir;
        this.displays = displays;
    }

    /** Returns once /proc/net/unix lists every one of the displays' abstract sockets. */
    public static SquattedDisplays bind(String user, List<Integer> displays, Duration atMost) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(atMost.toSeconds())));
        displays.forEach(d -> args.add(name(d)));
        try {
            Path dir = Files.createTempDirectory("squatter");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            SquattedDisplays squatted = new SquattedDisplays(
                    RacingScript.startAs(user, "bind-abstract.py", dir, args.toArray(String[]::new)), dir,
                    List.copyOf(displays));
            Await.until(user + " holds the abstract sockets of " + displays, Duration.ofSeconds(20), squatted::allBound);
            return squatted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Integer> displays() {
        return displays;
    }

    /** The abstract name an X server on {@code :display} listens on. */
    public static String name(int display) {
        return "/tmp/.X11-unix/X" + display;
    }

    private boolean allBound() {
        try {
            List<String> table = Files.readAllLines(Path.of("/proc/net/unix"));
            return displays.stream().allMatch(d -> table.stream().anyMatch(l -> l.endsWith(" @" + name(d))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        squatter.close();
        Await.until("the squatter of " + displays + " is gone", Duration.ofSeconds(10), () -> !allBound());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind harms nothing.
        }
    }
}
