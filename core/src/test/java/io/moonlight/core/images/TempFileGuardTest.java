package io.moonlight.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The temp file's name as pkill -f sees it: a literal, so that only that build matches. */
class TempFileGuardTest {

    @Test
    void aPathBecomesALiteralPattern() {
        String path = "/opt/images (new)/.sunshine_xfce4+lspp.sif.building-a1b2c3";
        String regex = TempFileGuard.regexOf(path);

        assertEquals("/opt/images \\(new\\)/\\.sunshine_xfce4\\+lspp\\.sif\\.building-a1b2c3", regex);
        assertTrue(Pattern.compile(regex).matcher("apptainer build " + path + " /opt/x.def").find());
        assertTrue(!Pattern.compile(regex).matcher("/opt/images (new)/Xsunshine_xfce4+lspp.sif.building-a1b2c3")
                .find());
    }
}
