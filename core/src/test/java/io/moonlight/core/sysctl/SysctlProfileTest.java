package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlProfileTest {

    @Test
    void shippedProfileHasTheStreamingKeysEachWithAReason() {
        SysctlProfile profile = SysctlProfile.load(null);
        Map<String, String> values = profile.settings().stream()
                .collect(Collectors.toMap(SysctlSetting::key, SysctlSetting::value));

        assertEquals("26214400", values.get("net.core.rmem_max"));
        assertEquals("26214400", values.get("net.core.wmem_max"));
        assertEquals("16384", values.get("net.ipv4.udp_rmem_min"));
        assertEquals("16384", values.get("net.ipv4.udp_wmem_min"));
        assertEquals("bbr", values.get("net.ipv4.tcp_congestion_control"));
        assertEquals("fq", values.get("net.core.default_qdisc"));
        profile.settings().forEach(s -> assertFalse(s.why().isEmpty(), s.key() + " has no reason"));
        assertEquals(List.of("tcp_bbr"), profile.modules().stream().map(KernelModule::name).toList());
        assertEquals("sysctl/moonlight.conf", profile.source());
    }

    @Test
    void siteProfileReplacesTheShippedOne(@TempDir Path site) throws Exception {
        Files.createDirectories(site.resolve("sysctl"));
        Files.writeString(site.resolve("sysctl/moonlight.conf"),
                "# header\n\n# why\nnet.ipv4.ip_local_port_range =\t32768   60999\n");

        SysctlProfile profile = SysctlProfile.load(site);

        assertEquals(site.resolve("sysctl/moonlight.conf").toString(), profile.source());
        assertEquals(List.of(new SysctlSetting("net.ipv4.ip_local_port_range", "32768 60999", List.of("why"))),
                profile.settings());
        assertEquals("tcp_bbr", profile.modules().get(0).name(), "the modules file was not overridden");
    }

    @Test
    void multiValueKeysMatchWhateverTheWhitespace() {
        SysctlSetting range = new SysctlSetting("net.ipv4.ip_local_port_range", "32768  60999", List.of());
        assertTrue(range.matches("32768\t60999\n"));
        assertFalse(range.matches("32768\t61000"));
        assertFalse(range.matches(null));
    }

    @Test
    void badLinesAreBadInputNamingFileAndLine() {
        assertBad("# ok\nnet.core.rmem_max\n", "line 2: 'net.core.rmem_max' is not 'key = value'");
        assertBad("-net.core.rmem_max = 1\n", "line 1: '-net.core.rmem_max' is not a sysctl key");
        assertBad("net/core/rmem_max = 1\n", "is not a sysctl key");
        assertBad("net.core.rmem_max =\n", "key net.core.rmem_max has no value");
        assertBad("net.core.rmem_max = 1\nnet.core.rmem_max = 2\n", "line 2: key net.core.rmem_max is set twice");
        assertBad("# only comments\n", "sets no key");
    }

    @Test
    void badModuleNamesAreBadInput() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SysctlProfile.parse("p", "a.b = 1\n", "m", "tcp_bbr\n-r tcp_bbr\n"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("m line 2: '-r tcp_bbr' is not a kernel module name"), e.getMessage());
    }

    private static void assertBad(String settings, String expected) {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SysctlProfile.parse("p.conf", settings, "m", ""));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("p.conf "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
