package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped profile renders to exactly the golden sysctl.d and modules-load.d files, for a host
 * that reserves no ports yet and for one with a reservation of its own (which must stay).
 */
class SysctlTemplatesGoldenTest {
    /** The default Sunshine configuration: 8 blocks from 47989 every 30 ports, ports 47984-48220. */
    static final SunshinePortReservation DEFAULT_PORTS =
            new SunshinePortReservation(new SunshineConfig(null, null, null, null, null));
    private final SysctlInstaller installer =
            new SysctlInstaller(SysctlProfile.load(null), DEFAULT_PORTS, TemplateRenderer.shipped(), Clock.systemUTC());

    @Test
    void shippedProfileRendersTheGoldenFiles() throws IOException {
        List<SysctlInstaller.RenderedFile> files = installer.render(installer.forHost(ReservedPorts.parse("", "t")));

        assertEquals(SysctlInstaller.DROP_IN, files.get(0).relativePath());
        Golden.assertMatches("sysctl/90-moonlight.conf", files.get(0).content());
        assertEquals(SysctlInstaller.MODULES_LOAD, files.get(1).relativePath());
        Golden.assertMatches("sysctl/moonlight-bbr.conf", files.get(1).content());
    }

    @Test
    void aHostsOwnReservationIsMergedWithSunshinesPorts() throws IOException {
        ReservedPorts site = ReservedPorts.parse(Golden.read("sysctl/90-moonlight-host-reserved.input"), "t");

        List<SysctlInstaller.RenderedFile> files = installer.render(installer.forHost(site));

        Golden.assertMatches("sysctl/90-moonlight-host-reserved.conf", files.get(0).content());
    }

}
