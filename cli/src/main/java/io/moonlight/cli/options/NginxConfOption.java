package io.moonlight.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --conf FILE}: the portal's nginx file that holds the managed blocks. */
public final class NginxConfOption {
    @Option(names = "--conf", paramLabel = "FILE", description = "The portal's nginx file (default: nginx.conf of the configuration).")
    private Path conf;

    /** The file given, absolute, or null for the configuration's. */
    public String value() {
        return conf == null ? null : conf.toAbsolutePath().toString();
    }
}
