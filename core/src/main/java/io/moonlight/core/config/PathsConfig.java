package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.notVnc;

import java.nio.file.Path;

/** Where moonlight keeps its state, sessions, images, logs and the site's template overrides. */
public record PathsConfig(Path stateDir, Path sessionRoot, Path imageDir, Path logDir, Path siteDir) {
    public PathsConfig {
        stateDir = absolutePath("paths.state_dir", stateDir, "/var/lib/moonlight");
        sessionRoot = absolutePath("paths.session_root", sessionRoot, "/scratch");
        imageDir = notVnc("paths.image_dir", absolutePath("paths.image_dir", imageDir, "/opt/moonlight/images"));
        logDir = absolutePath("paths.log_dir", logDir, "/var/log/moonlight");
        siteDir = absolutePath("paths.site_dir", siteDir, "/etc/moonlight/site");
    }
}
