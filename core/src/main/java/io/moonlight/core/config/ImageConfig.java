package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.orDefault;

/**
 * One desktop image: the definition template it is built from, the .sif file name under
 * {@code paths.image_dir}, and for licensed applications the site-provided installer.
 */
public record ImageConfig(String definition, String file, String description, String installer) {
    public ImageConfig {
        definition = orDefault(definition, "");
        file = orDefault(file, "");
        description = orDefault(description, "");
        installer = orDefault(installer, "");
    }
}
