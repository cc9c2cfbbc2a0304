package io.moonlight.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ApptainerConfig;
import io.moonlight.core.config.ImageConfig;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped definition templates against expected files, byte for byte. */
class ImageDefinitionGoldenTest {
    private static final TemplateRenderer RENDERER = TemplateRenderer.shipped();

    /** The defaults: docker base, Sunshine .deb from a path, LS-PrePost installer from a path. */
    private static final MoonlightConfig DEFAULTS = MoonlightConfig.defaults();

    /** An offline cluster's base image, and Sunshine fetched from the site's own web server. */
    private static final MoonlightConfig LOCAL_BASE_AND_URL = new MoonlightConfig(null, null,
            new SunshineConfig("https://repo.example.org/dist/sunshine-ubuntu-22.04-amd64.deb", null, null, null, null),
            new ApptainerConfig(null, "localimage", "/opt/moonlight/base/ubuntu-22.04.sif"),
            null, null, null, null, null, null, null, null);

    @Test
    void xfce4() throws IOException {
        assertGolden("sunshine_xfce4.def", DEFAULTS, "xfce4");
    }

    @Test
    void gnome() throws IOException {
        assertGolden("sunshine_gnome.def", DEFAULTS, "gnome");
    }

    @Test
    void gnomeWithLsPrePost() throws IOException {
        assertGolden("sunshine_gnome_lsprepost.def", DEFAULTS, "gnome-lsprepost");
    }

    @Test
    void gnomeFromLocalBaseWithSunshineFromUrl() throws IOException {
        assertGolden("sunshine_gnome-local-base-url.def", LOCAL_BASE_AND_URL, "gnome");
    }

    @Test
    void lsPrePostWithoutInstallerIsRefused() {
        MoonlightConfig noInstaller = new MoonlightConfig(null, null, null, null,
                Map.of("gnome-lsprepost", new ImageConfig("sunshine_gnome_lsprepost", "lspp.sif", "LS-PrePost", "")),
                null, null, null, null, null, null, null);
        MoonlightException error = assertThrows(MoonlightException.class,
                () -> render(noInstaller, "gnome-lsprepost"));
        assertTrue(error.getMessage().contains("set images.gnome-lsprepost.installer"), error.getMessage());
    }

    private static String render(MoonlightConfig config, String id) {
        return RENDERER.render(ImageDefinitionModel.templateName(config.image(id)), ImageDefinitionModel.of(id, config));
    }

    private static void assertGolden(String golden, MoonlightConfig config, String id) throws IOException {
        String actual = render(config, id);
        Path written = Path.of("target", "golden-actual", golden);
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual);
        try (InputStream expected = ImageDefinitionGoldenTest.class.getResourceAsStream(
                "/golden/apptainer-defs/" + golden)) {
            assertTrue(expected != null, "missing golden file " + golden + "; the rendered text is in " + written);
            assertEquals(new String(expected.readAllBytes(), StandardCharsets.UTF_8), actual,
                    "rendered " + id + " differs from golden/apptainer-defs/" + golden + " (actual: " + written + ")");
        }
    }
}
