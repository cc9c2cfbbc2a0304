package io.moonlight.core.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QosRequestTest {

    @Test
    void takesAValidRequestAndDropsRepeatedGrants() {
        QosRequest request = QosRequest.of("moonlight", 0, "1-00:00:00", 3, List.of("a", "a"), List.of("u"));
        assertEquals(86_400, request.maxWall().duration().toSeconds());
        assertEquals(List.of("a"), request.grantAccounts());
    }

    @Test
    void spellsQosAndAccountNamesInLowerCaseAsSlurmStoresThem() {
        QosRequest request = QosRequest.of("MoonLight", 60, "8:00:00", null, List.of("VizUsers"), List.of());
        assertEquals("moonlight", request.name());
        assertEquals(List.of("vizusers"), request.grantAccounts());
    }

    @Test
    void refusesMalformedMaxWall() {
        assertEquals("malformed --max-wall '8h'", badInput(() -> QosRequest.of("moonlight", 60, "8h", null, List.of(), List.of())));
    }

    @Test
    void refusesNegativeGrace() {
        assertEquals("grace time -1 s is negative",
                badInput(() -> QosRequest.of("moonlight", -1, "8:00:00", null, List.of(), List.of())));
    }

    @Test
    void refusesZeroJobsPerUser() {
        assertEquals("max jobs per user 0 is below 1",
                badInput(() -> QosRequest.of("moonlight", 60, "8:00:00", 0, List.of(), List.of())));
    }

    @Test
    void refusesTheVncServicesNames() {
        assertEquals("QoS name 'vnc' belongs to the VNC service",
                badInput(() -> QosRequest.of("vnc", 60, "8:00:00", null, List.of(), List.of())));
        assertEquals("account 'VNC_users' belongs to the VNC service",
                badInput(() -> QosRequest.of("moonlight", 60, "8:00:00", null, List.of("VNC_users"), List.of())));
    }

    @Test
    void refusesShellMetacharactersInEveryName() {
        assertEquals("QoS name 'moon;light' is not a plain name",
                badInput(() -> QosRequest.of("moon;light", 60, "8:00:00", null, List.of(), List.of())));
        assertEquals("account 'a b' is not a plain name",
                badInput(() -> QosRequest.of("moonlight", 60, "8:00:00", null, List.of("a b"), List.of())));
        assertEquals("user '$(id)' is not a plain name",
                badInput(() -> QosRequest.of("moonlight", 60, "8:00:00", null, List.of(), List.of("$(id)"))));
    }

    private static String badInput(org.junit.jupiter.api.function.Executable request) {
        MoonlightException e = assertThrows(MoonlightException.class, request);
        assertEquals(ExitCode.USAGE, e.exitCode());
        return e.getMessage();
    }
}
