package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;

/** coturn on the head node, for browsers that cannot reach a viz node directly. */
public record TurnConfig(String configFile) {
    public TurnConfig {
        configFile = absolutePath("turn.config_file", configFile, "/etc/turnserver.conf");
    }
}
