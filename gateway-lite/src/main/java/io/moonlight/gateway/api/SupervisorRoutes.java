package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionView;
import io.moonlight.core.sessions.SupervisorReports;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.Callers;
import java.util.List;

/**
 * The endpoints of a session's supervisor (docs/gateway.md, "Supervisor endpoints"), each behind the
 * session's own token: what the job is to run, STARTING on its node, its port block and display,
 * READY, what its streaming agent is doing, heartbeats, and how it ended. The job itself holds no
 * store credentials.
 */
public final class SupervisorRoutes implements ApiRoutes {
    static final String PATH = GatewayServer.BASE + "/supervisor/sessions/{id}";
    /** Reasons end up in listings and logs: one line, bounded. */
    static final int MAX_REASON = 2000;
    private final SupervisorReports reports;
    private final boolean sunshine;

    /** {@code sunshine}: whether the site's sessions run Sunshine ({@code supervisor.sunshine} not empty). */
    public SupervisorRoutes(SupervisorReports reports, boolean sunshine) {
        this.reports = reports;
        this.sunshine = sunshine;
    }

    record NodeReport(String node) {
        NodeReport {
            Names.node(node);
        }
    }

    /** The node and the displays it found free there (no X lock or socket), lowest first. */
    record LeaseRequest(String node, List<Integer> freeDisplays) {
        LeaseRequest {
            Names.node(node);
            freeDisplays = LeasePolicy.offeredDisplays(freeDisplays);
        }
    }

    record ReadyReport(String node, int display, int sunshinePort, int webUiPort) {
        ReadyReport {
            Names.node(node);
        }
    }

    record EndReport(String reason) {
        EndReport {
            if (reason == null || reason.isBlank() || !oneLine(reason)) {
                throw MoonlightException.badInput("'reason' must be one line of 1 to " + MAX_REASON + " characters",
                        "say in one line why the session ended");
            }
        }
    }

    /** {@code state}: running, restarting, failed or off; {@code reason}: one line, empty when nothing needs saying. */
    record AgentReport(String state, String reason) {
        AgentReport {
            AgentState.parse(state);
            if (reason == null || !oneLine(reason)) {
                throw MoonlightException.badInput("'reason' must be one line of at most " + MAX_REASON + " characters",
                        "say in one line what the agent is doing");
            }
        }
    }

    private static boolean oneLine(String reason) {
        return reason.length() <= MAX_REASON && reason.codePoints().noneMatch(Character::isISOControl);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.json(view(Callers.session(ctx))), Access.SESSION);
        routes.post(PATH + "/starting", ctx -> ctx.json(view(reports.starting(id(ctx),
                ctx.bodyAsClass(NodeReport.class).node()))), Access.SESSION);
        routes.post(PATH + "/lease", this::lease, Access.SESSION);
        routes.delete(PATH + "/lease", ctx -> ctx.json(new Released(reports.releaseLease(id(ctx)))), Access.SESSION);
        routes.post(PATH + "/ready", this::ready, Access.SESSION);
        routes.post(PATH + "/agent", this::agent, Access.SESSION);
        routes.post(PATH + "/heartbeat", ctx -> ctx.json(view(reports.heartbeat(id(ctx)))), Access.SESSION);
        routes.post(PATH + "/ended", ctx -> end(ctx, SessionState.ENDED), Access.SESSION);
        routes.post(PATH + "/failed", ctx -> end(ctx, SessionState.FAILED), Access.SESSION);
    }

    record Released(boolean released) {
    }

    private void lease(Context ctx) {
        LeaseRequest request = ctx.bodyAsClass(LeaseRequest.class);
        ctx.json(reports.claimLease(id(ctx), request.node(), request.freeDisplays()));
    }

    private void ready(Context ctx) {
        ReadyReport report = ctx.bodyAsClass(ReadyReport.class);
        ctx.json(view(reports.ready(id(ctx), report.node(), report.display(), report.sunshinePort(),
                report.webUiPort())));
    }

    private void agent(Context ctx) {
        AgentReport report = ctx.bodyAsClass(AgentReport.class);
        ctx.json(view(reports.agent(id(ctx), AgentState.parse(report.state()), report.reason())));
    }

    private void end(Context ctx, SessionState end) {
        ctx.json(view(reports.finished(id(ctx), end, ctx.bodyAsClass(EndReport.class).reason())));
    }

    private SessionView view(Session session) {
        return SessionView.of(session, sunshine);
    }

    /** The session whose token was checked (the one in the path). */
    private static String id(Context ctx) {
        return Callers.session(ctx).id();
    }
}
