package io.moonlight.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.doctor.CheckResult.Status;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.NetnsCommandRunner;
import io.moonlight.core.testing.ServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ephemeral-range check against a real kernel, in a network namespace of the test's own. */
@ServiceTest
class SunshinePortsCheckTest {
    private static final String NS = "ml-ports-" + ProcessHandle.current().pid();
    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private final NetnsCommandRunner inside = new NetnsCommandRunner(NS);

    @BeforeEach
    void createNamespace() {
        host.run(ExternalCommand.of("ip", "netns", "add", NS)).orFail("ip netns add", null);
        sysctl("net.ipv4.ip_local_port_range=32768 60999");
    }

    @AfterEach
    void deleteNamespace() {
        host.run(ExternalCommand.of("ip", "netns", "delete", NS));
    }

    @Test
    void defaultPortsInTheEphemeralRangeWarnWithTheExactFix() {
        CheckResult result = new SunshinePortsCheck(inside, sunshine(47989)).run().get(0);
        assertEquals(Status.WARN, result.status(), result.summary());
        assertEquals("run 'moonlight install sysctl --apply' (net.ipv4.ip_local_reserved_ports=47984-48220, kept in "
                + "/etc/sysctl.d/), or move sunshine.base_port below 32768", result.hint());
    }

    @Test
    void theHintsReservationMakesItPassAndKeepsOtherReservations() {
        sysctl("net.ipv4.ip_local_reserved_ports=8004-8005");
        CheckResult partly = new SunshinePortsCheck(inside, sunshine(47989)).run().get(0);
        assertTrue(partly.hint().startsWith("run 'moonlight install sysctl --apply' "
                + "(net.ipv4.ip_local_reserved_ports=8004-8005,47984-48220,"), partly.hint());
        sysctl("net.ipv4.ip_local_reserved_ports=8004-8005,47984-48220");
        assertEquals(Status.PASS, new SunshinePortsCheck(inside, sunshine(47989)).run().get(0).status());
    }

    @Test
    void portsBelowTheEphemeralRangePass() {
        assertEquals(Status.PASS, new SunshinePortsCheck(inside, sunshine(29989)).run().get(0).status());
    }

    private void sysctl(String setting) {
        inside.run(ExternalCommand.of("sysctl", "-w", setting)).orFail("sysctl -w " + setting, null);
    }

    private static SunshineConfig sunshine(int basePort) {
        return new SunshineConfig(null, basePort, 30, null, 8);
    }
}
