package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.core.session.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message to the hub after the hello, read and checked against what its sender's role may send
 * (docs/streaming.md, "Signaling protocol, version 1"). A relayed message is rebuilt from the
 * fields the protocol names, so nothing else a peer adds reaches the other end. Anything that
 * does not fit is a {@link Drop}.
 */
sealed interface Inbound {
    /** The message's JSON text, strictly: one object, every key once, nothing after it. */
    ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** The reasons an agent counts its dropped input messages under (the input protocol's). */
    Set<String> INPUT_DROP_REASONS = Set.of("malformed", "size", "rate", "viewer");

    /** {@code ping}: answered with {@code pong}. */
    record Ping() implements Inbound {
    }

    /** A message for the other end; {@code to}: the browser's peer id an agent names, null from a browser. */
    record Relay(String to, ObjectNode body) implements Inbound {
    }

    /** {@code input-dropped}: an agent's counts of dropped input messages since it started, by reason. */
    record InputDropped(Map<String, Long> counts) implements Inbound {
    }

    /** The text as a JSON object with a string {@code type}. */
    static JsonNode parse(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Drop(DropReason.MALFORMED, "the message is not JSON");
        }
        if (message == null || !message.isObject() || type(message) == null) {
            throw new Drop(DropReason.MALFORMED, "the message is not a JSON object with a string 'type'");
        }
        return message;
    }

    static Inbound read(JsonNode message, Role from) {
        String type = type(message);
        switch (type) {
            case "ping":
                return new Ping();
            case "offer":
                sentBy(Role.BROWSER, from, type);
                return relay(message, from, body(type).put("sdp", sdp(message)));
            case "answer":
                sentBy(Role.AGENT, from, type);
                return relay(message, from, body(type).put("sdp", sdp(message)));
            case "candidate":
                return relay(message, from, candidate(message));
            case "bye":
                ObjectNode bye = body(type);
                JsonNode reason = optional(message, "reason");
                if (reason != null && !reason.isTextual()) {
                    throw malformed("a bye's 'reason' must be a string");
                }
                return relay(message, from, reason == null ? bye : bye.put("reason", reason.asText()));
            case "input-dropped":
                sentBy(Role.AGENT, from, type);
                return new InputDropped(counts(message));
            default:
                throw new Drop(DropReason.UNKNOWN, "unknown message type " + typeName(message));
        }
    }

    /** The message's {@code type}, or null when it has none that is a string. */
    static String type(JsonNode message) {
        JsonNode type = message.get("type");
        return type != null && type.isTextual() ? type.asText() : null;
    }

    /** The type as a log or an error may show it: quoted, short, without control characters. */
    static String typeName(JsonNode message) {
        String type = type(message);
        return type == null ? "a message without a type" : "'" + Names.printable(type.length() > 32
                ? type.substring(0, 32) + "..." : type) + "'";
    }

    private static void sentBy(Role sender, Role from, String type) {
        if (from != sender) {
            throw new Drop(DropReason.UNKNOWN, "only the " + sender.wire() + " sends '" + type + "'");
        }
    }

    private static Relay relay(JsonNode message, Role from, ObjectNode body) {
        if (from == Role.BROWSER) {
            return new Relay(null, body);
        }
        JsonNode to = message.get("to");
        if (to == null || !to.isTextual()) {
            throw malformed("an agent's '" + body.get("type").asText() + "' names the browser's peer id in 'to'");
        }
        return new Relay(to.asText(), body);
    }

    private static ObjectNode body(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private static String sdp(JsonNode message) {
        JsonNode sdp = message.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.asText().isEmpty()) {
            throw malformed("'" + type(message) + "' needs an 'sdp' string");
        }
        return sdp.asText();
    }

    private static ObjectNode candidate(JsonNode message) {
        JsonNode candidate = message.get("candidate");
        JsonNode mid = optional(message, "sdpMid");
        JsonNode index = optional(message, "sdpMLineIndex");
        if (candidate == null || !(candidate.isTextual() || candidate.isNull())) {
            throw malformed("a candidate's 'candidate' must be a string, or null at the end of the candidates");
        }
        if (mid != null && !mid.isTextual()) {
            throw malformed("a candidate's 'sdpMid' must be a string or null");
        }
        if (index != null && !(index.isIntegralNumber() && index.canConvertToInt() && index.asInt() >= 0
                && index.asInt() <= 0xffff)) {
            throw malformed("a candidate's 'sdpMLineIndex' must be a number from 0 to 65535, or null");
        }
        ObjectNode body = body("candidate");
        body.set("candidate", candidate);
        body.set("sdpMid", mid == null ? body.nullNode() : mid);
        body.set("sdpMLineIndex", index == null ? body.nullNode() : index);
        return body;
    }

    private static Map<String, Long> counts(JsonNode message) {
        JsonNode counts = message.get("counts");
        if (counts == null || !counts.isObject()) {
            throw malformed("an input-dropped's 'counts' must be an object of reason -> count");
        }
        Map<String, Long> read = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> count : counts.properties()) {
            JsonNode value = count.getValue();
            if (!INPUT_DROP_REASONS.contains(count.getKey())) {
                throw malformed("an input-dropped's reasons are malformed, size, rate and viewer");
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw malformed("an input-dropped's counts must be whole numbers from 0");
            }
            read.put(count.getKey(), value.asLong());
        }
        return read;
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode optional(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static Drop malformed(String message) {
        return new Drop(DropReason.MALFORMED, message);
    }
}
