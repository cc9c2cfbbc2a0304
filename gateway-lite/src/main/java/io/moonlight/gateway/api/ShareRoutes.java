package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.sessions.SessionSharing;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.Callers;

/**
 * A session's view-only share link (docs/gateway.md): {@code POST} creates one (replacing the one
 * before), {@code GET} reads it, {@code DELETE} revokes it. The session's owner only; admins for
 * other users' sessions with {@code gateway.admins_join_sessions}.
 */
public final class ShareRoutes implements ApiRoutes {
    private static final String PATH = SessionRoutes.PATH + "/{id}/share";
    private final SessionSharing sharing;

    public ShareRoutes(SessionSharing sharing) {
        this.sharing = sharing;
    }

    /** {@code expires}: e.g. "30m", "2h", "1d" (at most 7 days); {@code max_viewers}: 1-20. */
    record ShareRequest(String expires, Integer maxViewers) {
    }

    record Revoked(boolean revoked) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH, this::create, Access.USER);
        routes.get(PATH, this::show, Access.USER);
        routes.delete(PATH, this::revoke, Access.USER);
    }

    private void create(Context ctx) {
        ShareRequest request = ctx.bodyAsClass(ShareRequest.class);
        ctx.status(HttpStatus.CREATED).json(sharing.create(Callers.user(ctx).caller(), ctx.pathParam("id"),
                SessionSharing.lifetime(request.expires()), request.maxViewers()));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(sharing.current(Callers.user(ctx).caller(), id).orElseThrow(() -> new SessionConflictException(
                "session " + id + " has no share link (none was made, it was revoked or it expired)",
                "create one: POST " + SessionRoutes.PATH + "/" + id + "/share")));
    }

    private void revoke(Context ctx) {
        ctx.json(new Revoked(sharing.revoke(Callers.user(ctx).caller(), ctx.pathParam("id"))));
    }
}
