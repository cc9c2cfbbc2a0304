package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The portal's nginx file that receives moonlight's managed blocks, and the main configuration
 * that includes it (what {@code nginx -t -c} checks).
 */
public record NginxConfig(Path conf, Path mainConf, String serverName, String binary, String upstreamHost) {
    /** A host name, an IPv4 address or a bracketed IPv6 address: it goes into an upstream's server line. */
    private static final Pattern UPSTREAM_HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+]");

    public NginxConfig {
        conf = absolutePath("nginx.conf", conf, "/etc/nginx/conf.d/auth-portal.conf");
        mainConf = absolutePath("nginx.main_conf", mainConf, "/etc/nginx/nginx.conf");
        serverName = orDefault(serverName, "");
        if (serverName.chars().anyMatch(c -> Character.isWhitespace(c) || c == ';')) {
            throw ConfigRules.bad("nginx.server_name", "'" + serverName + "' is not one server name",
                    "write one of the names of the server's server_name line");
        }
        binary = orDefault(binary, "nginx");
        upstreamHost = orDefault(upstreamHost, "127.0.0.1");
        if (!UPSTREAM_HOST.matcher(upstreamHost).matches()) {
            throw ConfigRules.bad("nginx.upstream_host", "'" + upstreamHost + "' is not a host name or address",
                    "write a host name, an IPv4 address or an IPv6 address in brackets, e.g. [::1]");
        }
    }
}
