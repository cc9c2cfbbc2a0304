package io.moonlight.agent.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Turns one data-channel text message into an {@link InputMessage}, checking its type, fields,
 * field types and bounds exactly as "Input protocol, version 1" in docs/streaming.md says.
 * Unknown fields are refused too: a message either is the protocol or is dropped.
 */
final class InputMessageParser {
    static final int MAX_TEXT_CHARACTERS = 256;
    private static final int MAX_REL = 4096;
    private static final double MAX_WHEEL = 10_000;
    private static final int MAX_SCREEN = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputMessageParser() {
    }

    static InputMessage parse(String text) throws MalformedInputException {
        ObjectNode message = object(text);
        String type = message.path("t").isTextual() ? message.get("t").asText() : null;
        if (type == null) {
            throw new MalformedInputException("no text field t");
        }
        return switch (type) {
            case "move" -> {
                fields(message, "x", "y");
                yield new InputMessage.Move(number(message, "x", 0, 1), number(message, "y", 0, 1));
            }
            case "rel" -> {
                fields(message, "dx", "dy");
                yield new InputMessage.Rel(integer(message, "dx", -MAX_REL, MAX_REL),
                        integer(message, "dy", -MAX_REL, MAX_REL));
            }
            case "button" -> {
                fields(message, "button", "down");
                yield new InputMessage.Button(integer(message, "button", 0, 4), bool(message, "down"));
            }
            case "wheel" -> {
                fields(message, "dx", "dy", "mode");
                yield new InputMessage.Wheel(number(message, "dx", -MAX_WHEEL, MAX_WHEEL),
                        number(message, "dy", -MAX_WHEEL, MAX_WHEEL),
                        InputMessage.WheelMode.values()[integer(message, "mode", 0, 2)]);
            }
            case "key" -> {
                fields(message, "code", "down");
                yield new InputMessage.Key(code(message), bool(message, "down"));
            }
            case "text" -> {
                fields(message, "text");
                yield new InputMessage.Text(text(message));
            }
            case "clipboard" -> {
                fields(message, "text");
                yield new InputMessage.Clipboard(string(message, "text"));
            }
            case "resize" -> {
                fields(message, "width", "height");
                yield new InputMessage.Resize(integer(message, "width", 1, MAX_SCREEN), integer(message, "height", 1, MAX_SCREEN));
            }
            case "release" -> {
                fields(message);
                yield new InputMessage.Release();
            }
            default -> throw new MalformedInputException("unknown t: " + type);
        };
    }

    private static ObjectNode object(String text) throws MalformedInputException {
        try {
            JsonNode node = JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new MalformedInputException("not JSON: " + e.getOriginalMessage());
        }
        throw new MalformedInputException("not a JSON object");
    }

    /** Refuses a message with other fields than {@code t} and the given ones (missing ones fail later). */
    private static void fields(ObjectNode message, String... allowed) throws MalformedInputException {
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = message.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("t") && !names.contains(name)) {
                throw new MalformedInputException("unexpected field " + name);
            }
        }
    }

    private static double number(ObjectNode message, String field, double min, double max)
            throws MalformedInputException {
        JsonNode node = message.get(field);
        if (node == null || !node.isNumber()) {
            throw new MalformedInputException(field + " must be a number");
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) {
            throw new MalformedInputException(field + " must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    private static int integer(ObjectNode message, String field, int min, int max) throws MalformedInputException {
        JsonNode node = message.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()
                || node.asInt() < min || node.asInt() > max) {
            throw new MalformedInputException(field + " must be an integer in [" + min + ", " + max + "]");
        }
        return node.asInt();
    }

    private static boolean bool(ObjectNode message, String field) throws MalformedInputException {
        JsonNode node = message.get(field);
        if (node == null || !node.isBoolean()) {
            throw new MalformedInputException(field + " must be true or false");
        }
        return node.asBoolean();
    }

    private static String code(ObjectNode message) throws MalformedInputException {
        JsonNode node = message.get("code");
        if (node == null || !node.isTextual() || !PhysicalKeys.isKnown(node.asText())) {
            throw new MalformedInputException("code must be a KeyboardEvent.code the agent knows");
        }
        return node.asText();
    }

    private static String text(ObjectNode message) throws MalformedInputException {
        String text = string(message, "text");
        int characters = text.codePointCount(0, text.length());
        if (characters < 1 || characters > MAX_TEXT_CHARACTERS) {
            throw new MalformedInputException("text must have 1-" + MAX_TEXT_CHARACTERS + " characters");
        }
        if (!text.codePoints().allMatch(Keysyms::isTypeable)) {
            throw new MalformedInputException("text must hold only typeable characters (no control characters"
                    + " but tab and newline, no lone surrogates)");
        }
        return text;
    }

    /** Any string, the empty one included (a clipboard's text is limited by its message's size only). */
    private static String string(ObjectNode message, String field) throws MalformedInputException {
        JsonNode node = message.get(field);
        if (node == null || !node.isTextual()) {
            throw new MalformedInputException(field + " must be a string");
        }
        return node.asText();
    }
}
