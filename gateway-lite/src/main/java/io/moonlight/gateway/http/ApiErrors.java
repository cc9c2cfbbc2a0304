package io.moonlight.gateway.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.auth.AuthFailure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Turns every failure into a status and a one-line {@link ApiError}: bad input 400, no or bad token
 * 401, not allowed 403, unknown session or endpoint 404, wrong method 405, a request the session's
 * state or the user's other sessions do not allow now (READY after ENDED, pairing before READY, over
 * the per-user limit) 409, over a rate limit 429 with {@code Retry-After}, store or service
 * unreachable 503, anything else 500 (a {@link java.lang.Error} too).
 * No stack trace ever reaches a client; an unexpected error's goes to the log.
 */
public final class ApiErrors {
    private static final ApiError INTERNAL = new ApiError("internal error", "see the gateway's log");

    private ApiErrors() {
    }

    public static void register(RoutesConfig routes, RequestLog log) {
        routes.exception(AuthFailure.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", e.scheme());
            }
            send(ctx, e.status(), e.getMessage(), e.hint());
        });
        routes.exception(TooManyRequests.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            send(ctx, 429, e.getMessage(), "try again in " + e.retryAfterSeconds() + " s (see gateway.rate_limit)");
        });
        // The only charsets the gateway looks up by name are the ones a request's Content-Type names.
        routes.exception(UnsupportedCharsetException.class, (e, ctx) -> unknownCharset(ctx, e.getCharsetName()));
        routes.exception(IllegalCharsetNameException.class, (e, ctx) -> unknownCharset(ctx, e.getCharsetName()));
        routes.exception(MoonlightException.class,
                (e, ctx) -> send(ctx, status(e), e.getMessage(), e.hint().orElse(null)));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            switch (e.getStatus()) {
                case 404 -> send(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(),
                        "the API is under " + GatewayServer.BASE + "/");
                case 405 -> send(ctx, 405, ctx.method() + " is not allowed on " + ctx.path(),
                        "docs/gateway.md lists each endpoint with its method");
                default -> send(ctx, e.getStatus(), e.getMessage(), "docs/gateway.md describes the API");
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.failure("internal error on " + ctx.method() + " " + ctx.path(), e);
            send(ctx, 500, INTERNAL.error(), INTERNAL.hint());
        });
    }

    /**
     * A {@link java.lang.Error} out of a handler (an assertion, a stack overflow): Javalin hands it
     * here instead of to the exception handlers, with the response alone; it is the same 500.
     */
    public static void fatal(HttpServletResponse response, Error error, RequestLog log) {
        log.failure("internal error", error);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(500);
        response.setContentType("application/json");
        try {
            response.getOutputStream().write(new StrictJson().toJsonString(INTERNAL, ApiError.class)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException clientGone) {
            // The status is set; the client that went away needs no body.
        }
    }

    static int status(MoonlightException e) {
        if (e instanceof UnknownSessionException) {
            return 404;
        }
        if (e instanceof SessionConflictException) {
            return 409;
        }
        if (e.exitCode() == ExitCode.USAGE) {
            return 400;
        }
        return e.exitCode() == ExitCode.UNAVAILABLE ? 503 : 500;
    }

    private static void unknownCharset(Context ctx, String charset) {
        send(ctx, 400, "the request's Content-Type names a charset the gateway does not know ('"
                + charset.replaceAll("[^\\x20-\\x7e]", "?") + "')", "send JSON in UTF-8: Content-Type: application/json");
    }

    private static void send(Context ctx, int status, String message, String hint) {
        ctx.status(status).json(new ApiError(message, hint));
    }
}
