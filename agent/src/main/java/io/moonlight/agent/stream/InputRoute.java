package io.moonlight.agent.stream;

import java.util.function.Consumer;

/**
 * Where one viewer's {@code input} data channel goes: each text message to {@code messages}, and
 * {@code release} when the viewer leaves (every key and button it holds is let go).
 */
public record InputRoute(Consumer<String> messages, Runnable release) {
}
