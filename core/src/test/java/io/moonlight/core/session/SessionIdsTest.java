package io.moonlight.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T09:08:07Z"), ZoneId.of("Asia/Seoul"));

    @Test
    void idCarriesUserUtcTimeAndSixBase32Characters() {
        String id = new SessionIds(clock, new Random(1)).next("alice");
        assertTrue(id.matches("ml-alice-20260301090807-[a-z2-7]{6}"), id);
        assertEquals(id, new SessionIds(clock, new Random(1)).next("alice"), "same clock and seed, same id");
        assertEquals(id, SessionIds.check(id));
    }

    @Test
    void directoryStyleUserNamesWork() {
        String id = new SessionIds(clock, new Random(1)).next("john.doe");
        assertTrue(id.startsWith("ml-john.doe-20260301090807-"), id);
        assertEquals(id, SessionIds.check(id));
    }

    @Test
    void twoStartsInTheSameSecondGetDifferentIds() {
        SessionIds ids = new SessionIds(clock, new Random(1));
        assertNotEquals(ids.next("alice"), ids.next("alice"));
    }

    @Test
    void aBadUserGetsNoId() {
        SessionIds ids = new SessionIds(clock, new Random(1));
        for (String user : new String[] {"../root", "..", ".alice", "al ice", "alice;id", "Alice", "", "1alice", "alice/x"}) {
            MoonlightException e = assertThrows(MoonlightException.class, () -> ids.next(user));
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
    }

    @Test
    void checkRefusesAnythingElseWithOneSafeLine() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SessionIds.check("ml-alice-20260301090807-abcdef\n\u001b[31mforged"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("'ml-alice-20260301090807-abcdef??[31mforged' is not a session id", e.getMessage());
    }

    @Test
    void theUserIsReadFromTheIdItself() {
        SessionIds ids = new SessionIds(clock, new Random(1));
        for (String user : new String[] {"alice", "john.doe", "a-b", "x_1-2", "_svc"}) {
            assertEquals(user, SessionIds.user(ids.next(user)));
        }
        assertEquals("moonlight", SessionIds.user(SessionIds.NEVER_ISSUED));
        MoonlightException e = assertThrows(MoonlightException.class, () -> SessionIds.user("ml-alice-2026-abcdef"));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }
}
