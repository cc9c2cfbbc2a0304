package io.moonlight.gateway.http;

/** The body of every error response: one line saying what is wrong and one saying how to fix it. */
public record ApiError(String error, String hint) {
}
