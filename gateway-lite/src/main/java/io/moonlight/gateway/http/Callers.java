package io.moonlight.gateway.http;

import io.javalin.http.Context;
import io.moonlight.gateway.auth.User;

/** The authenticated caller of a request, as {@link AccessGuard} found it. */
public final class Callers {
    private static final String USER = "moonlight.user";

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

    static void set(Context ctx, User user) {
        ctx.attribute(USER, user);
        ctx.attribute(RequestLog.CALLER_NAME, user.name());
    }
}
