package io.moonlight.core.nginx;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.GatewayAddress;
import java.nio.file.Path;
import java.util.List;

/** What {@code install nginx} and {@code uninstall nginx} work on: the configuration plus the command's options. */
public record NginxRequest(String conf, Path mainConf, String binary, String serverName,
        List<GatewayAddress> gateways, boolean force, boolean reload) {

    /**
     * @param conf the file from {@code --conf}, or {@code null} for the configured one
     * @param serverName the name from {@code --server-name}, or {@code null} for the configured one
     */
    public static NginxRequest of(MoonlightConfig config, String conf, String serverName, boolean force, boolean reload) {
        return new NginxRequest(conf == null ? config.nginx().conf().toString() : conf, config.nginx().mainConf(),
                config.nginx().binary(), serverName == null ? config.nginx().serverName() : serverName,
                config.nginx().upstreams(config.gateway()), force, reload);
    }
}
