package io.moonlight.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final SessionSpec SPEC = new SessionSpec("xfce4", Geometry.parse("1920x1080"), 60, 20000, Codec.HEVC, 4);
    private static final String ID = "ml-alice-20260301090000-abc234";

    @Test
    void onlyTheDocumentedMovesAreAllowed() {
        assertEquals(EnumSet.of(SessionState.STARTING, SessionState.STOPPING, SessionState.ENDED, SessionState.FAILED),
                SessionState.PENDING.next());
        assertEquals(EnumSet.of(SessionState.READY, SessionState.STOPPING, SessionState.ENDED, SessionState.FAILED),
                SessionState.STARTING.next());
        assertEquals(EnumSet.of(SessionState.STOPPING, SessionState.ENDED, SessionState.FAILED), SessionState.READY.next());
        assertEquals(EnumSet.of(SessionState.ENDED, SessionState.FAILED), SessionState.STOPPING.next());
        assertTrue(SessionState.ENDED.next().isEmpty());
        assertTrue(SessionState.FAILED.next().isEmpty());
    }

    @Test
    void movesAreTimestampedAndFailedKeepsItsReason() {
        Session session = Session.pending(ID, "alice", SPEC, SessionToken.hash("t"), T0);
        Session failed = session.moveTo(SessionState.STARTING, T0.plusSeconds(5), "")
                .moveTo(SessionState.FAILED, T0.plusSeconds(9), "Xvfb :10 is taken");
        assertEquals(List.of(new StateChange(SessionState.PENDING, T0, ""),
                new StateChange(SessionState.STARTING, T0.plusSeconds(5), ""),
                new StateChange(SessionState.FAILED, T0.plusSeconds(9), "Xvfb :10 is taken")), failed.history());
        assertEquals(Optional.of("Xvfb :10 is taken"), failed.failureReason());
        assertEquals(T0.plusSeconds(9), failed.updatedAt());
        assertEquals(Optional.empty(), session.failureReason());
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> failed.moveTo(SessionState.ENDED, T0.plusSeconds(10), ""));
        assertEquals("session " + ID + " cannot go from FAILED to ENDED", e.getMessage());
        assertThrows(IllegalTransitionException.class, () -> session.moveTo(SessionState.FAILED, T0, ""));
        assertThrows(IllegalTransitionException.class, () -> session.moveTo(SessionState.READY, T0, ""));
    }

    @Test
    void anIdMustBelongToItsUser() {
        assertThrows(IllegalArgumentException.class,
                () -> Session.pending(ID, "bob", SPEC, SessionToken.hash("t"), T0));
    }

    @Test
    void tokenIsComparedByHashOnly() {
        String raw = SessionToken.generate();
        assertEquals(43, raw.length(), "256 bits in URL-safe Base64");
        Session session = Session.pending(ID, "alice", SPEC, SessionToken.hash(raw), T0);
        assertTrue(session.tokenMatches(raw));
        assertFalse(session.tokenMatches(raw + "x"));
        assertFalse(session.tokenMatches(null));
        assertFalse(session.tokenMatches(""));
        assertFalse(SessionToken.matches(raw, "not hex"));
        assertEquals(64, session.tokenHash().length());
    }

    @Test
    void specRefusesWhatNoSiteAllows() {
        for (String geometry : new String[] {"639x480", "7681x4320", "1920x1080;id", "1920X1080", "../1x1", "", "1920x"}) {
            assertBadInput(() -> Geometry.parse(geometry));
        }
        assertEquals(new Geometry(7680, 4320), Geometry.parse("7680x4320"));
        assertEquals("640x480", Geometry.parse("640x480").toString());
        assertBadInput(() -> new SessionSpec("xfce4", Geometry.parse("1920x1080"), 45, 20000, Codec.H264, 4));
        assertBadInput(() -> new SessionSpec("xfce4", Geometry.parse("1920x1080"), 60, 100, Codec.H264, 4));
        assertBadInput(() -> new SessionSpec("xfce4", Geometry.parse("1920x1080"), 60, 20000, Codec.H264, 0));
        assertBadInput(() -> new SessionSpec("../xfce4", Geometry.parse("1920x1080"), 60, 20000, Codec.H264, 4));
        assertBadInput(() -> new SessionSpec("xfce4;id", Geometry.parse("1920x1080"), 60, 20000, Codec.H264, 4));
        assertBadInput(() -> Codec.parse("av1"));
        assertEquals(Codec.HEVC, Codec.parse("hevc"));
    }

    private static void assertBadInput(org.junit.jupiter.api.function.Executable call) {
        assertEquals(ExitCode.USAGE, assertThrows(MoonlightException.class, call).exitCode());
    }
}
