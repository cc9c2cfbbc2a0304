package io.moonlight.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor section: where nodes reach the gateway, and each bad value named by its key. */
class SupervisorConfigTest {

    @Test
    void theGatewayUrlDefaultsToWhereTheGatewayListens() {
        MoonlightConfig config = ConfigLoader.parse("t", "gateway:\n  bind: 10.0.0.5\n  api_port: 9004\n");
        assertEquals("http://10.0.0.5:9004", config.supervisor().gatewayUrl(config.gateway()));
        MoonlightConfig v6 = ConfigLoader.parse("t", "gateway:\n  bind: \"fd00::5\"\n");
        assertEquals("http://[fd00::5]:8004", v6.supervisor().gatewayUrl(v6.gateway()));
    }

    @Test
    void sessionsHaveTheirOwnSoundServerUnlessTheSiteTurnsItOff() {
        assertTrue(ConfigLoader.parse("t", "").supervisor().audio());
        assertFalse(ConfigLoader.parse("t", "supervisor:\n  audio: false\n").supervisor().audio());
    }

    @Test
    void xorgReadsTheImagesDummyConfigurationUnlessTheSiteNamesAnother() {
        assertEquals(Path.of("/etc/X11/moonlight/xorg-dummy.conf"), ConfigLoader.parse("t", "").supervisor().xorgConfig());
        assertEquals(Path.of("/opt/site/xorg-dummy.conf"),
                ConfigLoader.parse("t", "supervisor:\n  xorg_config: /opt/site/xorg-dummy.conf\n").supervisor().xorgConfig());
    }

    @Test
    void anExplicitGatewayUrlWins() {
        MoonlightConfig config = ConfigLoader.parse("t", "supervisor:\n  gateway_url: http://head01:8004/\n");
        assertEquals("http://head01:8004", config.supervisor().gatewayUrl(config.gateway()));
    }

    @Test
    void theSignalingHubIsReachedLikeTheGatewayOnItsOwnPortOrThroughTheProxy() {
        MoonlightConfig direct = ConfigLoader.parse("t", "gateway:\n  bind: 10.0.0.5\n  signaling_port: 9005\n");
        assertEquals("ws://10.0.0.5:9005/moonlight/signaling",
                direct.supervisor().signalingUrl(direct.gateway()).toString());
        MoonlightConfig v6 = ConfigLoader.parse("t", "gateway:\n  bind: \"fd00::5\"\n");
        assertEquals("ws://[fd00::5]:8005/moonlight/signaling", v6.supervisor().signalingUrl(v6.gateway()).toString());
        MoonlightConfig proxied = ConfigLoader.parse("t", "supervisor:\n  gateway_url: https://portal.example.org\n");
        assertEquals("wss://portal.example.org/moonlight/signaling",
                proxied.supervisor().signalingUrl(proxied.gateway()).toString());
    }

    @Test
    void aWildcardBindNeedsAnExplicitUrl() {
        MoonlightConfig config = ConfigLoader.parse("t", "gateway:\n  bind: 0.0.0.0\n");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> config.supervisor().gatewayUrl(config.gateway()));
        assertEquals("configuration key 'supervisor.gateway_url': empty, and gateway.bind 0.0.0.0 names no host to reach",
                e.getMessage());
    }

    @Test
    void badValuesNameTheirKey() {
        assertBad("supervisor:\n  runtime: docker\n", "configuration key 'supervisor.runtime': 'docker' is not a runtime");
        assertBad("supervisor:\n  x_server: wayland\n",
                "configuration key 'supervisor.x_server': 'wayland' is not an X server");
        assertBad("supervisor:\n  xorg_config: xorg.conf\n",
                "configuration key 'supervisor.xorg_config': 'xorg.conf' is not an absolute path");
        assertBad("supervisor:\n  desktop: []\n", "configuration key 'supervisor.desktop': no command");
        assertBad("supervisor:\n  gateway_url: head01:8004\n",
                "configuration key 'supervisor.gateway_url': 'head01:8004' is not an http(s) URL");
        assertBad("supervisor:\n  heartbeat_seconds: 0\n", "configuration key 'supervisor.heartbeat_seconds': 0 is below 1");
        assertBad("supervisor:\n  last_display: 9\n", "configuration key 'supervisor.last_display': 9 is below 10");
        assertBad("supervisor:\n  last_display: 1000\n",
                "configuration key 'supervisor.last_display': 1000 is above 999");
        assertEquals(10, ConfigLoader.parse("t", "supervisor:\n  last_display: 10\n").supervisor().lastDisplay());
    }

    @Test
    void commandsAreArgumentLists() {
        MoonlightConfig config = ConfigLoader.parse("t", "supervisor:\n  sunshine: [/opt/sunshine/bin/sunshine]\n"
                + "  desktop: [startxfce4, --replace]\n");
        assertEquals(List.of("startxfce4", "--replace"), config.supervisor().desktop());
        assertEquals(List.of("/opt/sunshine/bin/sunshine"), config.supervisor().sunshine());
        assertTrue(config.supervisor().runsSunshine());
    }

    @Test
    void anEmptySunshineIsAHostWithoutSunshineButABlankProgramIsAnError() {
        MoonlightConfig config = ConfigLoader.parse("t", "supervisor:\n  sunshine: []\n");
        assertEquals(List.of(), config.supervisor().sunshine());
        assertFalse(config.supervisor().runsSunshine());
        assertTrue(MoonlightConfig.defaults().supervisor().runsSunshine());
        assertBad("supervisor:\n  sunshine: ['']\n", "configuration key 'supervisor.sunshine': no command");
    }

    private static void assertBad(String yaml, String message) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> ConfigLoader.parse("t", yaml));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("t: " + message, e.getMessage());
    }
}
