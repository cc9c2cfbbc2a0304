package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Site settings only reach sunshine.conf as values Sunshine knows, and never as extra lines. */
class SunshineSettingsTest {

    @Test
    void defaultsSuitAGpuNodeStreamingAnXDisplay() {
        SunshineSettings settings = SunshineSettings.defaults();

        assertEquals("nvenc", settings.encoder());
        assertEquals("x11", settings.capture());
        assertEquals(1, settings.nvencPreset());
        assertEquals("lan", settings.originWebUiAllowed());
    }

    @Test
    void refusesValuesSunshineDoesNotKnow() {
        refused(() -> new SunshineSettings("nv", null, null, null, null, null, null, null, null), "encoder");
        refused(() -> new SunshineSettings(null, "vnc", null, null, null, null, null, null, null), "capture");
        refused(() -> new SunshineSettings(null, null, 0, null, null, null, null, null, null), "nvenc_preset");
        refused(() -> new SunshineSettings(null, null, 8, null, null, null, null, null, null), "nvenc_preset");
        refused(() -> new SunshineSettings(null, null, null, "half", null, null, null, null, null), "nvenc_twopass");
        refused(() -> new SunshineSettings(null, null, null, null, "loud", null, null, null, null), "min_log_level");
        refused(() -> new SunshineSettings(null, null, null, null, null, "any", null, null, null), "origin_web_ui_allowed");
    }

    @Test
    void refusesValuesThatWouldAddLinesToTheConfig() {
        refused(() -> new SunshineSettings(null, null, null, null, null, null, "10.0.0.1\nport = 22", null, null),
                "bind_address");
        refused(() -> new SunshineSettings(null, null, null, null, null, null, null, "sink\nencoder = software", null),
                "audio_sink");
        refused(() -> new SunshineSettings(null, null, null, null, null, null, null, null, "a b"), "virtual_sink");
    }

    private static void refused(Executable action, String key) {
        MoonlightException e = assertThrows(MoonlightException.class, action);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
