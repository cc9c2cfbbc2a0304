package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionViewTest {
    private static final ObjectMapper API = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void aViewWithEveryFieldSetReadsBackFromItsJsonWithTheSpecItWasStartedWith() throws Exception {
        SessionSpec spec = new SessionSpec("gnome-lsprepost", new Geometry(2560, 1440), 120, 80_000, Codec.HEVC, 9);
        Instant t = Instant.parse("2026-03-01T09:00:00.000000100Z");
        Session session = Session.pending("ml-john.doe-20260301090000-abcdef", "john.doe", spec, SessionToken.hash("t"), t)
                .placed(Optional.of("4711"), Optional.of("viz01"), t.plusSeconds(1))
                .moveTo(SessionState.STARTING, t.plusSeconds(2), "job 4711 running")
                .leased(new Lease("viz01", "ml-john.doe-20260301090000-abcdef", 48019, 11), t.plusSeconds(3))
                .heardFromAt(t.plusSeconds(4))
                .withAgent(new AgentStatus(AgentState.RESTARTING, "agent exited with code 1; starting it again in"
                        + " 1000 ms (1 of 3)", t.plusMillis(4500)))
                .moveTo(SessionState.FAILED, t.plusSeconds(5), "Sunshine exited with 1");
        SessionView view = SessionView.of(session, true);

        String json = API.writeValueAsString(view);

        assertTrue(json.contains("\"bitrate_kbps\":80000") && json.contains("\"sunshine_base_port\":48019"), json);
        assertTrue(json.contains("\"agent\":{\"state\":\"restarting\",\"reason\":\"agent exited with code 1; starting it"
                + " again in 1000 ms (1 of 3)\",\"at\":\"2026-03-01T09:00:04.500000100Z\"}"), json);
        assertFalse(json.contains(session.tokenHash()), "never the token's hash");
        assertEquals(view, API.readValue(json, SessionView.class));
        assertEquals(spec, API.readValue(json, SessionView.class).spec());
    }

    @Test
    void aSessionWhoseAgentWasNeverReportedShowsNoAgent() throws Exception {
        Session session = Session.pending("ml-john.doe-20260301090000-abcdef", "john.doe",
                new SessionSpec("xfce4", new Geometry(1280, 720), 60, 20_000, Codec.H264, 2), SessionToken.hash("t"),
                Instant.parse("2026-03-01T09:00:00Z"));

        assertTrue(API.writeValueAsString(SessionView.of(session, true)).contains("\"agent\":null"));
    }
}
