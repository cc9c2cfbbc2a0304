package io.moonlight.gateway.api;

import io.moonlight.core.session.Session;
import io.moonlight.core.session.StateChange;
import java.util.List;

/**
 * A session as the API shows it: what was asked for, where it runs and its history, and whether it
 * streams through Sunshine ({@code false} when the site's {@code supervisor.sunshine} is empty: the
 * desktop runs without Sunshine, there is no Moonlight address). Never the token hash. Absent values
 * are null; times are ISO-8601 UTC.
 */
public record SessionView(String id, String user, String state, String image, String geometry, int fps,
        int bitrateKbps, String codec, int hours, String jobId, String node, Integer display, Integer sunshineBasePort,
        String createdAt, String updatedAt, String heartbeatAt, String failureReason, List<Change> history, boolean sunshine) {

    public record Change(String state, String at, String reason) {
        static Change of(StateChange change) {
            return new Change(change.state().name(), change.at().toString(), change.reason());
        }
    }

    public static SessionView of(Session s) {
        return new SessionView(s.id(), s.user(), s.state().name(), s.spec().image(), s.spec().geometry().toString(),
                s.spec().fps(), s.spec().bitrateKbps(), s.spec().codec().id(), s.spec().hours(),
                s.jobId().orElse(null), s.node().orElse(null),
                s.display().isPresent() ? s.display().getAsInt() : null,
                s.sunshineBasePort().isPresent() ? s.sunshineBasePort().getAsInt() : null,
                s.createdAt().toString(), s.updatedAt().toString(),
                s.heartbeatAt().map(Object::toString).orElse(null), s.failureReason().orElse(null),
                s.history().stream().map(Change::of).toList(), true);
    }

    public SessionView withSunshine(boolean runsSunshine) {
        return new SessionView(id, user, state, image, geometry, fps, bitrateKbps, codec, hours, jobId, node, display,
                sunshineBasePort, createdAt, updatedAt, heartbeatAt, failureReason, history, runsSunshine);
    }
}
