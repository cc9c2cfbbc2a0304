package io.moonlight.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden files under core's src/test/resources/golden: what a template renders must equal its
 * golden file byte for byte. A golden file's input, where it is a file (a configuration, a
 * passwd), lies beside it as a fixture. After an intended change, {@code -Dgolden.update=true}
 * writes what the code renders now over the golden files in the source tree; review the diff.
 */
public final class Golden {
    /** The switch that rewrites the golden files instead of comparing. */
    public static final String UPDATE = "golden.update";

    private Golden() {
    }

    /** Asserts that {@code actual} is exactly golden/{@code name} (e.g. "cron/moonlight-cleanup"), or rewrites it. */
    public static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean(UPDATE)) {
            write(name, actual);
            return;
        }
        assertEquals(read(name), actual, "rendered text differs from golden/" + name
                + " (after an intended change: rerun with -D" + UPDATE + "=true and review the diff)");
    }

    /** The text of golden/{@code name}: a golden file, or a fixture input beside it. */
    public static String read(String name) {
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file golden/" + name + " (write it with -D" + UPDATE + "=true)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String name, String actual) {
        Path file = sourceDirectory().resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** core/src/test/resources/golden, found from where these classes were loaded (core/target/...). */
    private static Path sourceDirectory() {
        try {
            Path loadedFrom = Path.of(Golden.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path core = loadedFrom.getParent().getParent();
            Path golden = core.resolve("src/test/resources/golden");
            if (!Files.isDirectory(golden)) {
                throw new IllegalStateException("no golden sources at " + golden + " (classes loaded from " + loadedFrom + ")");
            }
            return golden;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
