package io.moonlight.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {
    /** Public: FreeMarker exposes only public classes' members, as the real models are. */
    public record Model(String name, int port, boolean on) {
    }

    @Test
    void siteDirectoryOverridesAndNumbersHaveNoGrouping(@TempDir Path site) throws Exception {
        Files.createDirectories(site.resolve("templates/test"));
        Files.writeString(site.resolve("templates/test/t.ftl"), "${model.name}:${model.port}:${model.on}");
        TemplateRenderer renderer = new TemplateRenderer(site);
        assertEquals("a:47989:true", renderer.render("templates/test/t.ftl", java.util.Map.of("model",
                new Model("a", 47989, true))));
    }

    @Test
    void missingTemplateAndMissingValueAreOneLineErrors(@TempDir Path site) throws Exception {
        MoonlightException missing = assertThrows(MoonlightException.class,
                () -> TemplateRenderer.shipped().render("templates/none.ftl", java.util.Map.of()));
        assertTrue(missing.getMessage().contains("templates/none.ftl"));
        Files.createDirectories(site.resolve("templates"));
        Files.writeString(site.resolve("templates/bad.ftl"), "line1\n${nothing.here}");
        MoonlightException bad = assertThrows(MoonlightException.class,
                () -> new TemplateRenderer(site).render("templates/bad.ftl", java.util.Map.of()));
        assertTrue(bad.getMessage().contains("line 2"), bad.getMessage());
        assertTrue(bad.getMessage().contains("nothing"), bad.getMessage());
        assertTrue(!bad.getMessage().contains("\n"), bad.getMessage());
    }

    @Test
    void aTemplateThatStopsIsBadInputWithItsReason(@TempDir Path site) throws Exception {
        Files.createDirectories(site.resolve("templates"));
        Files.writeString(site.resolve("templates/stop.ftl"), "<#stop \"set images.x.installer\">");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> new TemplateRenderer(site).render("templates/stop.ftl", java.util.Map.of()));
        assertEquals(io.moonlight.core.ExitCode.USAGE, e.exitCode());
        assertEquals("set images.x.installer", e.getMessage());
    }
}
