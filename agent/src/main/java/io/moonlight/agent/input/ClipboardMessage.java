package io.moonlight.agent.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code clipboard} message of the input protocol, both ways: its size limit and the agent's
 * message to the browser. 256 KiB is the largest data-channel message Chromium and Firefox take, so a
 * clipboard goes whole in one message or not at all, never half.
 */
public final class ClipboardMessage {
    /** The most UTF-8 bytes a {@code clipboard} message may have, its JSON included. */
    public static final int MAX_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClipboardMessage() {
    }

    /** The message telling the browser that the desktop's clipboard holds {@code text}; empty when over the limit. */
    public static Optional<String> toBrowser(String text) {
        if (text.length() > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            String message = JSON.writeValueAsString(Map.of("t", "clipboard", "text", text));
            return message.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES ? Optional.empty() : Optional.of(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string did not turn into JSON", e);
        }
    }
}
