package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionIds;

/**
 * The first message of a connection: protocol version, role, session and the credential (the
 * portal's JWT for a browser, the session's token for its agent), and for a browser opened from a
 * share link the share's id (null without one). Nothing of the token, the share or of a
 * malformed session field is ever repeated in a refusal, which reaches the log.
 */
record Hello(Role role, String session, String token, String share) {
    static final int VERSION = 1;

    @Override
    public String toString() {
        return "Hello[" + role + " " + session + "]";
    }

    static Hello read(JsonNode message) {
        if (!"hello".equals(Inbound.type(message))) {
            throw new Refusal(CloseCode.BAD_HELLO, "the first message must be a hello, not " + Inbound.typeName(message));
        }
        JsonNode version = message.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
            throw new Refusal(CloseCode.BAD_HELLO, "this hub speaks signaling version " + VERSION + " only");
        }
        JsonNode role = message.get("role");
        Role parsed = role == null || !role.isTextual() ? null : switch (role.asText()) {
            case "browser" -> Role.BROWSER;
            case "agent" -> Role.AGENT;
            default -> null;
        };
        if (parsed == null) {
            throw new Refusal(CloseCode.BAD_HELLO, "the hello's role must be \"browser\" or \"agent\"");
        }
        JsonNode session = message.get("session");
        try {
            SessionIds.check(session != null && session.isTextual() ? session.asText() : null);
        } catch (MoonlightException e) {
            throw new Refusal(CloseCode.BAD_HELLO, "the hello's session is not a session id (ml-USER-TIME-XXXXXX)");
        }
        JsonNode token = message.get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw new Refusal(CloseCode.BAD_HELLO, "the hello carries no token");
        }
        JsonNode share = message.get("share");
        if (share != null && (parsed != Role.BROWSER || !share.isTextual() || !share.asText().matches("[0-9a-f]{32}"))) {
            throw new Refusal(CloseCode.BAD_HELLO, "the hello's share is not a share id (32 hex digits), or not a browser's");
        }
        return new Hello(parsed, session.asText(), token.asText(), share == null ? null : share.asText());
    }
}
