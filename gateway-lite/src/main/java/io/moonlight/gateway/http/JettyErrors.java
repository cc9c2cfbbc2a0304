package io.moonlight.gateway.http;

import io.moonlight.gateway.GatewayServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives on its own, before a request reaches the API's handlers (a URI with an
 * encoded NUL or slash, a request line or headers it cannot parse, a URI too long), as the same
 * one-line JSON error as every other answer, instead of Jetty's HTML page.
 */
public final class JettyErrors extends ErrorHandler {
    private static final int LONGEST_DETAIL = 120;
    private final StrictJson json = new StrictJson();

    /** Jetty writes a body only for GET, POST and HEAD by default; a DELETE's client needs the reason too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, body(code, message), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return body(status, reason);
    }

    private ByteBuffer body(int status, String detail) {
        String reason = HttpStatus.getMessage(status);
        String shown = printable(detail);
        String error = "the request is not accepted: " + reason
                + (shown.isEmpty() || shown.equalsIgnoreCase(reason) ? "" : " (" + shown + ")");
        String line = json.toJsonString(new ApiError(error, "send a plain request to the API under " + GatewayServer.BASE
                + "/ as docs/gateway.md describes it"), ApiError.class);
        return ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Jetty's own words, kept short and to printable ASCII: they may quote a piece of the request. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String plain = text.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() > LONGEST_DETAIL ? plain.substring(0, LONGEST_DETAIL) + "..." : plain;
    }
}
