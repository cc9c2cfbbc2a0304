package io.moonlight.gateway.http;

import io.javalin.http.Context;
import io.moonlight.core.session.Session;
import io.moonlight.gateway.auth.User;

/** The authenticated caller of a request, as {@link AccessGuard} found it. */
public final class Callers {
    private static final String USER = "moonlight.user";
    private static final String SESSION = "moonlight.session";

    private Callers() {
    }

    /** The user of an {@link Access#USER} endpoint. */
    public static User user(Context ctx) {
        User user = ctx.attribute(USER);
        if (user == null) {
            throw new IllegalStateException(ctx.path() + " reads the caller but is not an Access.USER endpoint");
        }
        return user;
    }

    /** The session of an {@link Access#SESSION} endpoint, as stored when its token was checked. */
    public static Session session(Context ctx) {
        Session session = ctx.attribute(SESSION);
        if (session == null) {
            throw new IllegalStateException(ctx.path() + " reads the session but is not an Access.SESSION endpoint");
        }
        return session;
    }

    /** Records the session as the caller; returns the caller's name as the log shows it. */
    static String setSession(Context ctx, Session session) {
        ctx.attribute(SESSION, session);
        return named(ctx, "session:" + session.id());
    }

    /** Records the user as the caller; returns the caller's name as the log shows it. */
    static String set(Context ctx, User user) {
        ctx.attribute(USER, user);
        return named(ctx, user.name());
    }

    private static String named(Context ctx, String name) {
        ctx.attribute(RequestLog.CALLER_NAME, name);
        return name;
    }
}
