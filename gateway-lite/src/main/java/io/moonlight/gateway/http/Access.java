package io.moonlight.gateway.http;

import io.javalin.security.RouteRole;

/** Who may call an endpoint; checked before the handler runs. */
public enum Access implements RouteRole {
    /** Anyone: probes and load balancers. */
    PUBLIC,
    /** Anyone, or only callers with a token when {@code gateway.metrics_need_token} is set. */
    METRICS,
    /** A user with the portal's token, in an allowed group. */
    USER,
    /** A session's supervisor, with the token of the session named in the path ({@code {id}}). */
    SESSION
}
