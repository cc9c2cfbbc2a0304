package io.moonlight.core.nginx;

import io.moonlight.core.config.MoonlightConfig;
import java.nio.file.Path;

/** What {@code install nginx} and {@code uninstall nginx} work on: the configuration plus the command's options. */
public record NginxRequest(String conf, Path mainConf, String binary, String serverName, String upstreamHost,
        int apiPort, int signalingPort, boolean force, boolean reload) {

    /**
     * @param conf the file from {@code --conf}, or {@code null} for the configured one
     * @param serverName the name from {@code --server-name}, or {@code null} for the configured one
     */
    public static NginxRequest of(MoonlightConfig config, String conf, String serverName, boolean force, boolean reload) {
        return new NginxRequest(conf == null ? config.nginx().conf().toString() : conf, config.nginx().mainConf(),
                config.nginx().binary(), serverName == null ? config.nginx().serverName() : serverName,
                config.nginx().upstreamHost(), config.gateway().apiPort(), config.gateway().signalingPort(), force, reload);
    }
}
