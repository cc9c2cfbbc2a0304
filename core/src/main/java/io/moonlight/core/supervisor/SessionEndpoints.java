package io.moonlight.core.supervisor;

import java.nio.file.Path;

/**
 * Where a READY session is reached on its node: Moonlight clients add {@code node:sunshinePort}; pairing
 * PINs go to the web UI port with the login kept in {@code webUiLogin} (0600, never sent anywhere).
 */
public record SessionEndpoints(String node, int display, int sunshinePort, int webUiPort, Path webUiLogin,
        Path logDir) {
}
