package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;
import java.nio.file.Path;


/** How {@code --node}/{@code --nodes} reach other hosts: host keys are always checked. */
public record SshConfig(String user, Integer port, Path identityFile, Path knownHosts,
        Integer connectTimeoutSeconds) {
    public SshConfig {
        user = orDefault(user, "root");
        port = ConfigRules.port("ssh.port", port, 22);
        identityFile = absolutePath("ssh.identity_file", identityFile, "~/.ssh/id_ed25519");
        knownHosts = absolutePath("ssh.known_hosts", knownHosts, "~/.ssh/known_hosts");
        connectTimeoutSeconds = atLeast("ssh.connect_timeout_seconds", connectTimeoutSeconds, 10, 1,
                "use at least 1 second");
    }
}
