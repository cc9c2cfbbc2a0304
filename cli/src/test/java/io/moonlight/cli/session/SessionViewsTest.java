package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.PathsConfig;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionDetails;
import io.moonlight.core.sessions.SessionPaths;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What 'session show' prints about a session's agent. */
class SessionViewsTest {
    private static final String ID = "ml-alice-20260301090000-abcdef";
    private static final Instant AT = Instant.parse("2026-03-01T09:00:00Z");
    private static final Session STARTING = Session.pending(ID, "alice",
            new SessionSpec("xfce4", new Geometry(1280, 720), 60, 20000, Codec.H264, 2), "hash", AT)
            .moveTo(SessionState.STARTING, AT.plusSeconds(5), "job runs on viz01");

    @Test
    void showSaysWhatTheAgentDoesAndWhatAFailedOrMissingOneMeans() {
        assertEquals("agent:            - (not reported yet)", agentLine(STARTING, true));
        assertEquals("agent:            running since 2026-03-01T09:00:07Z: started as pid 4242", agentLine(
                STARTING.withAgent(new AgentStatus(AgentState.RUNNING, "started as pid 4242", AT.plusMillis(7500))), true));
        assertEquals("agent:            failed since 2026-03-01T09:00:20Z: agent exited with code 1; not started again"
                + " after 3 restarts (browsers cannot show the desktop; a Moonlight client still can)", agentLine(
                STARTING.withAgent(new AgentStatus(AgentState.FAILED,
                        "agent exited with code 1; not started again after 3 restarts", AT.plusSeconds(20))), true));
        assertEquals("agent:            off since 2026-03-01T09:00:06Z: the site runs no agent for browsers"
                + " (supervisor.agent is false) (browsers cannot show the desktop)", agentLine(
                STARTING.withAgent(new AgentStatus(AgentState.OFF,
                        "the site runs no agent for browsers (supervisor.agent is false)", AT.plusSeconds(6))), false));
    }

    private static String agentLine(Session session, boolean sunshine) {
        SessionDetails details = new SessionDetails(session, Optional.empty(),
                SessionPaths.of(new PathsConfig(null, Path.of("/scratch"), null, null, null), "alice", ID),
                Optional.empty(), Optional.empty(), "https://portal/moonlight/?session=" + ID, Optional.empty(), sunshine);
        return SessionViews.lines(details).stream().filter(line -> line.startsWith("agent:")).findFirst().orElseThrow();
    }
}
