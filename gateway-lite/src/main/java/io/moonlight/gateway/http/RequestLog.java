package io.moonlight.gateway.http;

import io.javalin.http.Context;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * One line per request on the gateway's log (stderr, so journald keeps it): time, client, method,
 * path, status, duration and the authenticated user. Request paths are shown with control
 * characters replaced, so a crafted URL cannot forge log lines.
 */
public final class RequestLog {
    public static final String CALLER_NAME = "moonlight.caller-name";
    private final PrintStream log;
    private final Clock clock;

    public RequestLog(PrintStream log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public void request(Context ctx, float millis) {
        String caller = ctx.attribute(CALLER_NAME);
        log.println(clock.instant() + " " + ctx.ip() + " " + ctx.method() + " " + printable(ctx.path()) + " "
                + ctx.statusCode() + " " + String.format(Locale.ROOT, "%.1fms", millis)
                + (caller == null ? "" : " user=" + caller));
    }

    /** A line that is not about one request: start, stop, an internal error. */
    public void event(String line) {
        log.println(clock.instant() + " " + line);
    }

    public void failure(String what, Throwable error) {
        event(what + ": " + error);
        error.printStackTrace(log);
    }

    private static String printable(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
