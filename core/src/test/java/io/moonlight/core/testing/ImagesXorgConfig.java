package io.moonlight.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The xorg-dummy.conf every image writes, taken from its here-document in the shared definition
 * template (apptainer-defs/sunshine_common.ftl), so that a test's Xorg runs what the images run.
 */
public final class ImagesXorgConfig {
    private ImagesXorgConfig() {
    }

    /** Writes it to {@code file} and returns the file. */
    public static Path writeTo(Path file) {
        try (InputStream in = ImagesXorgConfig.class.getResourceAsStream("/apptainer-defs/sunshine_common.ftl")) {
            if (in == null) {
                throw new IllegalStateException("apptainer-defs/sunshine_common.ftl is not on the class path");
            }
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("xorg-dummy\\.conf <<'XORG'\\n(.*?)\\nXORG\\n", Pattern.DOTALL).matcher(template);
            if (!m.find()) {
                throw new IllegalStateException("the image template no longer writes xorg-dummy.conf");
            }
            return Files.writeString(file, m.group(1) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
