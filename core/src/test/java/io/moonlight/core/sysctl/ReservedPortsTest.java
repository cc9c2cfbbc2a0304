package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reserved-port values read, merged and written as the kernel prints them back. */
class ReservedPortsTest {

    @Test
    void rangesAreSortedAndMergedAsTheKernelPrintsThem() {
        // What this kernel printed back after 'sysctl -w' of the same value, in a network namespace.
        assertEquals("1000-1005,2000,49999-50010,60000-65535",
                ReservedPorts.parse("50000-50010,1000,1001-1005,2000-2000,49999,60000-65535", "t").toString());
        assertEquals("", ReservedPorts.parse("", "t").toString());
        assertEquals("0-5", ReservedPorts.parse(" 0-5\n", "t").toString());
    }

    @Test
    void unionKeepsEveryPortOfBoth() {
        ReservedPorts site = ReservedPorts.parse("8004-8005,48100-49000", "t");
        ReservedPorts sunshine = ReservedPorts.parse("47984-48220", "t");
        assertEquals("8004-8005,47984-49000", site.with(sunshine).toString());
        assertEquals("8004-8005,48221-49000", site.without(sunshine).toString());
        assertEquals("47984-48099", sunshine.without(site).toString());
        assertEquals("", sunshine.without(sunshine).toString());
        assertTrue(site.with(sunshine).contains(47984));
        assertTrue(site.contains(8005));
        assertFalse(site.contains(8006));
        assertEquals(List.of(new ReservedPorts.Range(10, 19), new ReservedPorts.Range(31, 40)),
                ReservedPorts.parse("10-40", "t").without(ReservedPorts.parse("20-30", "t")).ranges());
    }

    @Test
    void anythingElseIsRefusedWithTheValue() {
        for (String bad : List.of("1000-", "-5", "a", "1000,,2000", "2000-1000", "65536", "1 2", "1000;2000")) {
            MoonlightException e = assertThrows(MoonlightException.class, () -> ReservedPorts.parse(bad, "on viz01"));
            assertEquals("net.ipv4.ip_local_reserved_ports on viz01 is not a list of port ranges: '" + bad + "'",
                    e.getMessage());
        }
    }
}
