package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.orDefault;

/** The portal's nginx file that receives moonlight's managed blocks. */
public record NginxConfig(String conf, String serverName, String binary, String upstreamHost) {
    public NginxConfig {
        conf = absolutePath("nginx.conf", conf, "/etc/nginx/conf.d/auth-portal.conf");
        serverName = orDefault(serverName, "");
        binary = orDefault(binary, "nginx");
        upstreamHost = orDefault(upstreamHost, "127.0.0.1");
    }
}
