package io.moonlight.core.supervisor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * FakeSunshine: a Python script standing in for Sunshine, which needs a GPU and cannot run here. It
 * takes Sunshine's command line, holds Sunshine's ports for the configured base port and stores the
 * web UI login as Sunshine does (see src/test/resources/fake-sunshine/fake_sunshine.py).
 */
final class FakeSunshine {
    private FakeSunshine() {
    }

    /** The program to use in place of {@code sunshine}. */
    static List<String> command() {
        try {
            Path script = Path.of(FakeSunshine.class.getResource("/fake-sunshine/fake_sunshine.py").toURI());
            return List.of("python3", script.toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
