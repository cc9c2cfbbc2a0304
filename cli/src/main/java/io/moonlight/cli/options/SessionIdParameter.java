package io.moonlight.cli.options;

import picocli.CommandLine.Parameters;

/** The session a command acts on, by id. */
public final class SessionIdParameter {
    @Parameters(index = "0", paramLabel = "ID", description = "The session id, e.g. ml-alice-20250101120000-abc234.")
    private String id;

    public String value() {
        return id;
    }
}
