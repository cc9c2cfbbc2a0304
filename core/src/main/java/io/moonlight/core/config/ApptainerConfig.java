package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.orDefault;

import java.util.Set;

/**
 * How images are built: the apptainer binary and the base image the definitions start from. Clusters
 * without internet set {@code bootstrap: localimage} and a local .sif in {@code from}.
 */
public record ApptainerConfig(String binary, String bootstrap, String from) {
    private static final Set<String> BOOTSTRAPS = Set.of("docker", "localimage", "oras", "library");

    public ApptainerConfig {
        binary = orDefault(binary, "apptainer");
        bootstrap = orDefault(bootstrap, "docker");
        if (!BOOTSTRAPS.contains(bootstrap)) {
            throw ConfigRules.bad("apptainer.bootstrap", "'" + bootstrap + "' is not supported",
                    "use one of " + String.join(", ", BOOTSTRAPS.stream().sorted().toList()));
        }
        from = orDefault(from, "ubuntu:22.04");
    }
}
