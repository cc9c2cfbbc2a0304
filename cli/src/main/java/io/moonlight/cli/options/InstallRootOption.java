package io.moonlight.cli.options;

import picocli.CommandLine.Option;

/** {@code --root DIR}: install into a tree laid out like / (an image, a node's root mounted elsewhere). */
public final class InstallRootOption {
    @Option(names = "--root", paramLabel = "DIR", description = "Install under DIR (absolute, existing) instead of /.")
    private String root;

    /** The directory given, or null for /. */
    public String value() {
        return root;
    }
}
