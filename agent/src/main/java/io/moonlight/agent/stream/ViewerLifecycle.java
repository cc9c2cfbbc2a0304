package io.moonlight.agent.stream;

/** What a viewer's connection tells the stream about itself, on the stream's peer thread. */
interface ViewerLifecycle {
    /** Media can flow to the viewer now. */
    void connected();

    /** The connection is closed and its resources released. */
    void closed();
}
