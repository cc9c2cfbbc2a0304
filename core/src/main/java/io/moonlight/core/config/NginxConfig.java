package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.nio.file.Path;
import java.util.List;

/**
 * The portal's nginx file that receives moonlight's managed blocks, the main configuration that
 * includes it (what {@code nginx -t -c} checks), and the gateways nginx forwards to: the one on
 * {@code upstream_host}, or every one of {@code gateways} (HOST:API_PORT:SIGNALING_PORT each).
 */
public record NginxConfig(Path conf, Path mainConf, String serverName, String binary, String upstreamHost,
        List<String> gateways) {

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
        if (!GatewayAddress.HOST.matcher(upstreamHost).matches()) {
            throw ConfigRules.bad("nginx.upstream_host", "'" + upstreamHost + "' is not a host name or address",
                    "write a host name, an IPv4 address or an IPv6 address in brackets, e.g. [::1]");
        }
        gateways = List.copyOf(orDefault(gateways, List.of()));
        gateways.forEach(entry -> GatewayAddress.parse("nginx.gateways", entry));
    }

    /** The gateways nginx forwards to: those listed, or the one on upstream_host at {@code gateway}'s ports. */
    public List<GatewayAddress> upstreams(GatewayConfig gateway) {
        if (gateways.isEmpty()) {
            return List.of(new GatewayAddress(upstreamHost, gateway.apiPort(), gateway.signalingPort()));
        }
        return gateways.stream().map(entry -> GatewayAddress.parse("nginx.gateways", entry)).toList();
    }
}
