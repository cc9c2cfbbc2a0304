package io.moonlight.core.sessions;

import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.StateChange;
import java.time.Duration;
import java.util.List;

/**
 * A session as the API and the CLI's {@code --json} show it (snake_case names): what was asked
 * for, where it runs, why it is in its state ({@code reason}: the last change's), its history, what
 * its supervisor last said about the browsers' streaming agent ({@code agent}: state, reason and when;
 * null before the first report), and whether it streams through Sunshine ({@code false} when the site's {@code supervisor.sunshine} is
 * empty: no Moonlight address). One session shown alone also says how to reach it: the job's state
 * (when the scheduler was asked), the Moonlight address, Sunshine's web UI port, the browser URL,
 * the time left and its files (null in listings). Never the token hash. Absent values are null;
 * times are ISO-8601 UTC. The names are the components' in snake_case, as every mapper that writes or
 * reads a view is set up (the gateway's, the CLI's, {@link io.moonlight.core.supervisor.GatewayClient}).
 */
public record SessionView(String id, String user, String state, String reason, String image, String geometry, int fps,
        int bitrateKbps, String codec, int hours, String jobId, String node, Integer display, Integer sunshineBasePort,
        String createdAt, String updatedAt, String heartbeatAt, String failureReason, List<Change> history,
        Agent agent, boolean sunshine, String jobState, String moonlightAddress, Integer sunshineWebUiPort, String browserUrl,
        Long timeLeftSeconds, String sessionDir, String jobLog) {

    public record Change(String state, String at, String reason) {
        static Change of(StateChange change) {
            return new Change(change.state().name(), change.at().toString(), change.reason());
        }
    }

    /** The agent's last reported state ({@code running}, {@code restarting}, {@code failed}, {@code off}), why, and when. */
    public record Agent(String state, String reason, String at) {
        static Agent of(AgentStatus status) {
            return new Agent(status.state().id(), status.reason(), status.at().toString());
        }
    }

    /** The session alone, for listings and reports: {@code sunshine} says whether the site runs it. */
    public static SessionView of(Session s, boolean sunshine) {
        return new SessionView(s.id(), s.user(), s.state().name(), s.history().get(s.history().size() - 1).reason(),
                s.spec().image(), s.spec().geometry().toString(), s.spec().fps(), s.spec().bitrateKbps(),
                s.spec().codec().id(), s.spec().hours(), s.jobId().orElse(null), s.node().orElse(null),
                s.display().isPresent() ? s.display().getAsInt() : null,
                s.sunshineBasePort().isPresent() ? s.sunshineBasePort().getAsInt() : null,
                s.createdAt().toString(), s.updatedAt().toString(),
                s.heartbeatAt().map(Object::toString).orElse(null), s.failureReason().orElse(null),
                s.history().stream().map(Change::of).toList(), s.agent().map(Agent::of).orElse(null), sunshine, null, null, null, null, null, null, null);
    }

    /** What was asked for, read back from the view (the supervisor learns its session this way). */
    public SessionSpec spec() {
        return new SessionSpec(image, Geometry.parse(geometry), fps, bitrateKbps, Codec.parse(codec), hours);
    }

    /** One session with where to reach it. */
    public static SessionView of(SessionDetails d) {
        SessionView s = of(d.session(), d.sunshine());
        return new SessionView(s.id, s.user, s.state, s.reason, s.image, s.geometry, s.fps, s.bitrateKbps, s.codec,
                s.hours, s.jobId, s.node, s.display, s.sunshineBasePort, s.createdAt, s.updatedAt, s.heartbeatAt,
                s.failureReason, s.history, s.agent, s.sunshine, d.job().map(SchedulerJob::detail).orElse(null),
                d.moonlightAddress().orElse(null), d.webUiPort().orElse(null), d.browserUrl(),
                d.timeLeft().map(Duration::toSeconds).orElse(null), d.paths().dir().toString(),
                d.paths().jobLog().toString());
    }
}
