package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped profile renders to exactly the golden sysctl.d and modules-load.d files. */
class SysctlTemplatesGoldenTest {

    @Test
    void shippedProfileRendersTheGoldenFiles() throws IOException {
        List<SysctlInstaller.RenderedFile> files =
                new SysctlInstaller(SysctlProfile.load(null), TemplateRenderer.shipped(), Clock.systemUTC()).render();

        assertEquals(SysctlInstaller.DROP_IN, files.get(0).relativePath());
        assertEquals(golden("90-moonlight.conf"), files.get(0).content());
        assertEquals(SysctlInstaller.MODULES_LOAD, files.get(1).relativePath());
        assertEquals(golden("moonlight-bbr.conf"), files.get(1).content());
    }

    static String golden(String name) throws IOException {
        try (InputStream in = SysctlTemplatesGoldenTest.class.getResourceAsStream("/golden/sysctl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
