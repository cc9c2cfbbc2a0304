package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.moonlight.core.session.Session;
import io.moonlight.core.sessions.SessionLauncher;
import io.moonlight.core.sessions.SessionLookup;
import io.moonlight.core.sessions.SessionPairing;
import io.moonlight.core.sessions.SessionStopper;
import io.moonlight.core.sessions.SessionView;
import io.moonlight.core.sessions.StartRequest;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.Callers;
import io.moonlight.gateway.http.QueryParams;
import java.util.List;

/**
 * The portal's session endpoints, with the caller from the token: list (live ones; all with
 * {@code ?all=true}) and show, as stored (a GET never writes and never asks the scheduler); start
 * (the body holds the CLI's options), stop, and pair a Moonlight client. Users act on their own
 * sessions only; another user's is 404 like a missing one.
 */
public final class SessionRoutes implements ApiRoutes {
    static final String PATH = GatewayServer.BASE + "/sessions";
    private final SessionLookup lookup;
    private final SessionLauncher launcher;
    private final SessionStopper stopper;
    private final SessionPairing pairing;
    private final boolean sunshine;

    /** {@code sunshine}: whether the site's sessions run Sunshine ({@code supervisor.sunshine} not empty). */
    public SessionRoutes(SessionLookup lookup, SessionLauncher launcher, SessionStopper stopper, SessionPairing pairing,
            boolean sunshine) {
        this.lookup = lookup;
        this.launcher = launcher;
        this.stopper = stopper;
        this.pairing = pairing;
        this.sunshine = sunshine;
    }

    record Sessions(List<SessionView> sessions) {
    }

    record PairRequest(String pin) {
    }

    record Paired(boolean paired) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::list, Access.USER);
        routes.post(PATH, this::start, Access.USER);
        routes.get(PATH + "/{id}", this::show, Access.USER);
        routes.delete(PATH + "/{id}", this::stop, Access.USER);
        routes.post(PATH + "/{id}/pair", this::pair, Access.USER);
    }

    /** The live sessions; with {@code ?all=true} ended and failed ones too, as {@code session list --all}. */
    private void list(Context ctx) {
        boolean all = QueryParams.only(ctx, "all").flag("all");
        ctx.json(new Sessions(lookup.stored(Callers.user(ctx).caller(), all).stream().map(this::view).toList()));
    }

    private void show(Context ctx) {
        ctx.json(SessionView.of(lookup.storedDetails(Callers.user(ctx).caller(), ctx.pathParam("id"))));
    }

    /** 201 with the new session (PENDING, its job submitted) and its address in Location. */
    private void start(Context ctx) {
        Session started = launcher.start(Callers.user(ctx).caller(), ctx.bodyAsClass(StartRequest.class));
        ctx.status(HttpStatus.CREATED).header("Location", PATH + "/" + started.id()).json(view(started));
    }

    /** 200 once the session has ENDED; 202 while its job is still ending (it becomes ENDED on its own). */
    private void stop(Context ctx) {
        Session stopped = stopper.stop(Callers.user(ctx).caller(), ctx.pathParam("id"));
        ctx.status(stopped.state().isFinal() ? HttpStatus.OK : HttpStatus.ACCEPTED).json(view(stopped));
    }

    private void pair(Context ctx) {
        String id = ctx.pathParam("id");
        pairing.pair(Callers.user(ctx).caller(), id, ctx.bodyAsClass(PairRequest.class).pin());
        ctx.json(new Paired(true));
    }

    private SessionView view(Session session) {
        return SessionView.of(session, sunshine);
    }
}
