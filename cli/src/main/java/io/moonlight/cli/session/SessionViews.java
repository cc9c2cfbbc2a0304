package io.moonlight.cli.session;

import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Session;
import io.moonlight.core.sessions.Disagreement;
import io.moonlight.core.sessions.SessionDetails;
import io.moonlight.core.sessions.SessionListing;
import io.moonlight.core.sessions.SessionView;
import io.moonlight.core.store.SessionCursor;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sessions as printed: table rows, detail lines and the JSON documents of the session commands. */
final class SessionViews {
    private SessionViews() {
    }

    /** {@code sunshine}: whether the site's sessions run Sunshine. */
    static Map<String, Object> json(SessionListing listing, boolean sunshine) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sessions", listing.sessions().stream().map(s -> SessionView.of(s, sunshine)).toList());
        doc.put("disagreements", listing.disagreements());
        doc.put("orphan_jobs", listing.orphanJobs().stream().map(SessionViews::json).toList());
        doc.put("next_cursor", listing.next().map(SessionCursor::encode).orElse(null));
        return doc;
    }

    static Map<String, Object> json(SchedulerJob job) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", job.id());
        doc.put("name", job.name());
        doc.put("user", job.user());
        doc.put("state", job.detail());
        doc.put("node", job.node().orElse(null));
        return doc;
    }

    static List<List<String>> table(List<Session> sessions) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ID", "USER", "STATE", "IMAGE", "GEOMETRY", "JOB", "NODE", "CREATED"));
        for (Session s : sessions) {
            rows.add(List.of(s.id(), s.user(), s.state().name(), s.spec().image(), s.spec().geometry().toString(),
                    s.jobId().orElse("-"), s.node().orElse("-"), s.createdAt().truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        return rows;
    }

    static List<String> lines(SessionDetails d) {
        Session s = d.session();
        List<String> lines = new ArrayList<>();
        lines.add("id:               " + s.id());
        lines.add("user:             " + s.user());
        lines.add("state:            " + s.state() + reason(s));
        lines.add("desktop:          " + s.spec().image() + " " + s.spec().geometry() + " @" + s.spec().fps() + " fps, "
                + s.spec().codec().id() + " " + s.spec().bitrateKbps() + " kbps, " + s.spec().hours() + " h");
        lines.add("job:              " + s.jobId().orElse("-") + d.job().map(j -> " (" + j.detail() + ")").orElse(""));
        lines.add("node:             " + s.node().orElse("-"));
        lines.add("display:          " + (s.display().isPresent() ? ":" + s.display().getAsInt() : "-"));
        lines.add("moonlight:        " + (d.sunshine() ? d.moonlightAddress().orElse("- (once READY)")
                : "- (no Sunshine on this host: supervisor.sunshine is empty; the desktop runs, nothing streams)"));
        lines.add("sunshine web ui:  " + d.webUiPort().map(String::valueOf).orElse("-"));
        lines.add("browser:          " + d.browserUrl());
        lines.add("agent:            " + s.agent().map(a -> agent(a, d.sunshine())).orElse("- (not reported yet)"));
        lines.add("time left:        " + d.timeLeft().map(SessionViews::hoursMinutes).orElse("-"));
        lines.add("session dir:      " + d.paths().dir());
        lines.add("job log:          " + d.paths().jobLog());
        return lines;
    }

    /** The agent's last report; a failed or missing agent says what it means for the user. */
    private static String agent(AgentStatus agent, boolean sunshine) {
        String since = agent.state().id() + " since " + agent.at().truncatedTo(ChronoUnit.SECONDS)
                + (agent.reason().isEmpty() ? "" : ": " + agent.reason());
        if (agent.state() != AgentState.FAILED && agent.state() != AgentState.OFF) {
            return since;
        }
        return since + (sunshine ? " (browsers cannot show the desktop; a Moonlight client still can)"
                : " (browsers cannot show the desktop)");
    }

    static String disagreement(Disagreement d) {
        return "moonlight: store and scheduler disagreed: " + d.description();
    }

    static String reason(Session s) {
        String reason = s.history().get(s.history().size() - 1).reason();
        return reason.isEmpty() ? "" : " (" + reason + ")";
    }

    private static String hoursMinutes(Duration d) {
        return d.toHours() + "h" + String.format("%02d", d.toMinutesPart()) + "m";
    }
}
