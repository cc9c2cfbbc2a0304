package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import java.nio.file.Path;

/** coturn on the head node, for browsers that cannot reach a viz node directly. */
public record TurnConfig(Path configFile) {
    public TurnConfig {
        configFile = absolutePath("turn.config_file", configFile, "/etc/turnserver.conf");
    }
}
