package io.moonlight.core.session;

/** A Sunshine port block (base port) and an X display number held by one session on one node. */
public record Lease(String node, String sessionId, int basePort, int display) {
}
