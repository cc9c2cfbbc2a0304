package io.moonlight.agent.input;

/** One viewer's input. */
public interface ViewerInput {
    void accept(String json);

    void releaseAll();
}
