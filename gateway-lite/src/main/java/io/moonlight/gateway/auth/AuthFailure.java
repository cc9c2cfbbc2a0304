package io.moonlight.gateway.auth;

/**
 * A request whose credentials do not let it through: 401 when they are missing or do not prove
 * anyone (no token, expired, badly signed, wrong algorithm), 403 when they prove a user who may not
 * use the gateway (in none of the allowed groups).
 */
public final class AuthFailure extends RuntimeException {
    private final int status;
    private final String hint;
    private final String scheme;

    private AuthFailure(int status, String message, String hint, String scheme) {
        super(message);
        this.status = status;
        this.hint = hint;
        this.scheme = scheme;
    }

    public static AuthFailure unauthorized(String message, String hint) {
        return new AuthFailure(401, message, hint, "Bearer");
    }

    /** 401 on a supervisor endpoint: it takes the session's token, not the portal's. */
    public static AuthFailure unauthorizedSession(String message, String hint) {
        return new AuthFailure(401, message, hint, "Session");
    }

    public static AuthFailure forbidden(String message, String hint) {
        return new AuthFailure(403, message, hint, "Bearer");
    }

    /** The scheme a 401 answer asks for in {@code WWW-Authenticate}. */
    public String scheme() {
        return scheme;
    }

    public int status() {
        return status;
    }

    public String hint() {
        return hint;
    }
}
