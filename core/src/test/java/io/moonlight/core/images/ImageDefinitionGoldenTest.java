package io.moonlight.core.images;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.ImageConfig;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped definition templates against expected files, byte for byte. */
class ImageDefinitionGoldenTest {
    private static final TemplateRenderer RENDERER = TemplateRenderer.shipped();

    /** The defaults: docker base, Sunshine .deb from a path, LS-PrePost installer from a path. */
    private static final MoonlightConfig DEFAULTS = MoonlightConfig.defaults();

    @Test
    void xfce4() {
        assertGolden("sunshine_xfce4.def", DEFAULTS, "xfce4");
    }

    @Test
    void gnome() {
        assertGolden("sunshine_gnome.def", DEFAULTS, "gnome");
    }

    @Test
    void gnomeWithLsPrePost() {
        assertGolden("sunshine_gnome_lsprepost.def", DEFAULTS, "gnome-lsprepost");
    }

    @Test
    void gnomeFromLocalBaseWithSunshineFromUrl() {
        // An offline cluster's base image, and Sunshine fetched from the site's own web server.
        MoonlightConfig localBaseAndUrl = ConfigLoader.parse("t.yaml",
                Golden.read("apptainer-defs/sunshine_gnome-local-base-url.input.yaml"));
        assertGolden("sunshine_gnome-local-base-url.def", localBaseAndUrl, "gnome");
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

    private static void assertGolden(String golden, MoonlightConfig config, String id) {
        Golden.assertMatches("apptainer-defs/" + golden, render(config, id));
    }
}
