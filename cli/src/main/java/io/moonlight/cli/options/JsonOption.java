package io.moonlight.cli.options;

import picocli.CommandLine.Option;

/** {@code --json}: the command's result as JSON on stdout instead of text. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    public boolean enabled() {
        return json;
    }
}
