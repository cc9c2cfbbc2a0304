package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.agent.testing.Xvfb;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.testing.ServiceTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key names Xvfb's XKB keymap (evdev keycodes) gives, compared with what xkbcomp prints for it. */
@ServiceTest
class XkbKeyNamesTest {
    @Test
    void namesAndAliasesResolveToTheServersKeycodes() throws Exception {
        try (Xvfb xvfb = Xvfb.start(640, 480)) {
            try (XConnection x = XConnection.open(xvfb.name())) {
                Map<String, Integer> names = XkbKeyNames.read(x.display());
                assertEquals(38, names.get("AC01"));
                assertEquals(108, names.get("RALT"));
                assertEquals(94, names.get("LSGT"));
                assertEquals(133, names.get("LMTA"), "the alias LMTA names LWIN");
                assertEquals(135, names.get("MENU"), "the alias MENU names COMP");
            }
        }
    }
}
