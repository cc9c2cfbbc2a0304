package io.moonlight.core.config;

import java.nio.file.Path;
import java.util.Optional;

/** A loaded configuration and the file it came from (empty: the built-in defaults). */
public record ConfigSource(MoonlightConfig config, Optional<Path> file) {

    /** The absolute file an installed unit or cron entry should name: this one, or the default location. */
    public Path fileForInstalledUnits() {
        return file.orElse(ConfigLoader.DEFAULT_FILE).toAbsolutePath();
    }

    public String describe() {
        return file.map(Path::toString).orElse("built-in defaults (no configuration file)");
    }
}
