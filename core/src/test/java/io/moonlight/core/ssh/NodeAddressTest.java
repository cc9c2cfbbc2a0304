package io.moonlight.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SshConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {
    private static final SshConfig DEFAULTS = new SshConfig("root", 22, null, null, null);

    @Test
    void listTakesDefaultsAndOverrides() {
        assertEquals(List.of(
                        new NodeAddress("root", "viz01", 22),
                        new NodeAddress("root", "viz02.cluster.local", 22),
                        new NodeAddress("admin", "viz03", 2222),
                        new NodeAddress("root", "fe80::1", 2200)),
                NodeAddress.parseList("viz01, viz02.cluster.local,admin@viz03:2222,[fe80::1]:2200", DEFAULTS));
    }

    @Test
    void knownHostsNameFollowsOpenSsh() {
        assertEquals("viz01", NodeAddress.parse("viz01", DEFAULTS).knownHostsName());
        assertEquals("[viz01]:2222", NodeAddress.parse("viz01:2222", DEFAULTS).knownHostsName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "viz01,,viz02", "viz01,", "viz01;reboot", "$(reboot)", "viz01 viz02",
            "-oProxyCommand=x", "viz01:99999", "viz01:", "@viz01", "a b@viz01", "viz01&", "'viz01'"})
    void badListsAreRefused(String nodes) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> NodeAddress.parseList(nodes, DEFAULTS));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.hint().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"viz01,viz01", "viz01,root@viz01", "viz01,viz01:22"})
    void duplicatesAreRefused(String nodes) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> NodeAddress.parseList(nodes, DEFAULTS));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }

    @Test
    void sameHostOnAnotherPortIsAnotherNode() {
        assertEquals(2, NodeAddress.parseList("viz01,viz01:2222", DEFAULTS).size());
    }
}
