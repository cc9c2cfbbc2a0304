package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every Sunshine template renders its model to exactly the golden file. */
class SunshineTemplatesGoldenTest {
    static final String ID = "ml-alice-20250101120000-abc234";
    static final SessionDirectory DIR = new SessionDirectory(Path.of("/scratch"),
            Path.of("/scratch/sunshine_alice/" + ID));
    static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);
    private final TemplateRenderer renderer = TemplateRenderer.shipped();

    @Test
    void sunshineConfWithTheDefaultsUsesNvencOnTheLeasedPortAndTheSessionsBitrate() throws IOException {
        SunshineConfModel model = SunshineConfModel.of(ID, DIR, 47989, SPEC, SunshineSettings.defaults());

        Golden.assertMatches("sunshine/sunshine.conf", renderer.render(SunshineConfModel.TEMPLATE, model));
    }

    @Test
    void sunshineConfWithEveryOptionSet() throws IOException {
        SunshineSettings settings = new SunshineSettings("nvenc", "nvfbc", 4, "disabled", "debug", "pc", "10.1.2.3",
                "sink-sunshine-stereo", "sink-sunshine-stereo");
        SessionSpec spec = new SessionSpec("gnome", new Geometry(2560, 1440), 120, 50000, Codec.HEVC, 8);
        SunshineConfModel model = SunshineConfModel.of(ID, DIR, 48019, spec, settings);

        Golden.assertMatches("sunshine/sunshine-all-options.conf", renderer.render(SunshineConfModel.TEMPLATE, model));
    }

    @Test
    void sunshineConfWithoutNvencHasNoNvencKeys() throws IOException {
        SunshineSettings settings = new SunshineSettings("software", "kms", null, null, null, null, null, null, null);
        SunshineConfModel model = SunshineConfModel.of(ID, DIR, 47989, SPEC, settings);

        Golden.assertMatches("sunshine/sunshine-software.conf", renderer.render(SunshineConfModel.TEMPLATE, model));
    }

    @Test
    void appsJsonOnXvfbHasNoResizeStep() throws IOException {
        SunshineAppsModel model = SunshineAppsModel.of(DIR, 10, SPEC.geometry(), XServer.XVFB);

        Golden.assertMatches("sunshine/apps-xvfb.json", renderer.render(SunshineAppsModel.TEMPLATE, model));
    }

    @Test
    void appsJsonOnXorgResizesToTheClientAndBack() throws IOException {
        SunshineAppsModel model = SunshineAppsModel.of(DIR, 11, SPEC.geometry(), XServer.XORG);

        Golden.assertMatches("sunshine/apps-xorg.json", renderer.render(SunshineAppsModel.TEMPLATE, model));
    }

    @Test
    void displayResizeScript() throws IOException {
        DisplayResizeModel model = DisplayResizeModel.of(ID, DIR, 11);

        Golden.assertMatches("sunshine/display-resize.sh", renderer.render(DisplayResizeModel.TEMPLATE, model));
    }

    @Test
    void webUiLoginFile() throws IOException {
        SunshineConfModel conf = SunshineConfModel.of(ID, DIR, 47989, SPEC, SunshineSettings.defaults());
        WebUiCredentialsModel model = WebUiCredentialsModel.of(ID, conf,
                new WebUiCredentials(WebUiCredentials.USER, "Injected-For-The-Golden-File"));

        Golden.assertMatches("sunshine/web-ui-credentials.json", renderer.render(WebUiCredentialsModel.TEMPLATE, model));
    }

}
