package io.moonlight.core.config;

import java.nio.file.Path;

/** Turns a configured path into a file path: {@code ~/} is the running user's home directory. */
public final class ConfigPaths {
    private ConfigPaths() {
    }

    public static Path resolve(String configured) {
        return configured.startsWith("~/")
                ? Path.of(System.getProperty("user.home"), configured.substring(2))
                : Path.of(configured);
    }
}
