package io.moonlight.agent.input;

import java.util.Map;

/** Placeholder: replaced by the XTest injector. */
public final class InputInjector implements AutoCloseable {
    private InputInjector() {
    }

    public static InputInjector open(String display) {
        return new InputInjector();
    }

    public ViewerInput viewer(String id) {
        return new ViewerInput() {
            @Override
            public void accept(String json) {
            }

            @Override
            public void releaseAll() {
            }
        };
    }

    public Map<String, Long> droppedCounts() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
