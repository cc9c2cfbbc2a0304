package io.moonlight.agent.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a viewer's connection sends its answer, candidates and bye: the signaling hub. */
@FunctionalInterface
public interface SignalingOut {
    void send(ObjectNode message);
}
