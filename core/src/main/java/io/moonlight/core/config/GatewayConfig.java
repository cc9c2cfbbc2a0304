package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.name;
import static io.moonlight.core.config.ConfigRules.orDefault;
import static io.moonlight.core.config.ConfigRules.port;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway: its ports (API and web client; signaling), its public URL, auth and groups,
 * whether {@code /metrics} asks for a token like the other endpoints, its rate limits, the
 * proxies (nginx) whose {@code X-Real-IP} header names the client, and for the signaling hub: the
 * web origins whose pages may connect, whether admins may join (drive) or watch (view-only) other users' sessions, and the ICE
 * servers handed to both peers.
 */
public record GatewayConfig(String bind, Integer apiPort, Integer signalingPort, String publicUrl,
        String serviceUser, JwtConfig jwt, List<String> allowedGroups, List<String> adminGroups,
        Boolean metricsNeedToken, RateLimitConfig rateLimit, List<String> trustedProxies,
        List<String> allowedOrigins, Boolean adminsJoinSessions, Boolean adminsWatchSessions,
        List<IceServerConfig> iceServers, String instanceId) {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern WEB_URL = Pattern.compile(
            "(?i)(https?)://([^\\s/?#@:\\[\\]]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?(/.*)?");

    public GatewayConfig {
        bind = orDefault(bind, "127.0.0.1");
        apiPort = port("gateway.api_port", apiPort, 8004);
        signalingPort = port("gateway.signaling_port", signalingPort, 8005);
        if (apiPort.equals(signalingPort)) {
            throw ConfigRules.bad("gateway.signaling_port", "equals gateway.api_port",
                    "give the API and the signaling hub two different ports (default 8004 and 8005)");
        }
        if (List.of(8002, 5010).contains(apiPort) || List.of(8002, 5010).contains(signalingPort)) {
            throw ConfigRules.bad("gateway.api_port", "ports 8002 and 5010 belong to the VNC service",
                    "keep the defaults 8004 and 8005");
        }
        publicUrl = orDefault(publicUrl, "https://localhost");
        if (!publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
            throw ConfigRules.bad("gateway.public_url", "'" + publicUrl + "' is not an http(s) URL",
                    "write the portal's address, e.g. https://portal.example.org");
        }
        serviceUser = name("gateway.service_user", serviceUser, "moonlight");
        jwt = orDefault(jwt, new JwtConfig(null, null, null, null, null, null));
        allowedGroups = List.copyOf(orDefault(allowedGroups, List.of("HPC-Admins", "HPC-Users", "GPU-Users")));
        adminGroups = List.copyOf(orDefault(adminGroups, List.of("HPC-Admins")));
        metricsNeedToken = orDefault(metricsNeedToken, false);
        rateLimit = orDefault(rateLimit, new RateLimitConfig(null, null));
        trustedProxies = List.copyOf(orDefault(trustedProxies, List.of("127.0.0.1", "::1")));
        for (String proxy : trustedProxies) {
            if (IpLiteral.parse(proxy).isEmpty()) {
                throw ConfigRules.bad("gateway.trusted_proxies", "'" + proxy + "' is not an IP address",
                        "list the addresses nginx connects from, e.g. [127.0.0.1, \"::1\"]");
            }
        }
        allowedOrigins = allowedOrigins == null ? List.of(origin("gateway.public_url", publicUrl, true))
                : allowedOrigins.stream().map(origin -> origin("gateway.allowed_origins", origin, false)).toList();
        if (allowedOrigins.isEmpty()) {
            throw ConfigRules.bad("gateway.allowed_origins", "no origin listed",
                    "list the portal's origin, e.g. [https://portal.example.org], or leave the key out");
        }
        adminsJoinSessions = orDefault(adminsJoinSessions, false);
        adminsWatchSessions = orDefault(adminsWatchSessions, false);
        iceServers = orDefault(iceServers, List.of());
        if (iceServers.stream().anyMatch(Objects::isNull)) {
            throw ConfigRules.bad("gateway.ice_servers", "an empty entry",
                    "give each server as {urls: [...], username: ..., credential: ...}, or [] for none");
        }
        iceServers = List.copyOf(iceServers);
        instanceId = orDefault(instanceId, "");
        if (!instanceId.isEmpty() && !INSTANCE_ID.matcher(instanceId).matches()) {
            throw ConfigRules.bad("gateway.instance_id", "'" + instanceId + "' is not a gateway id",
                    "use up to 100 letters, digits, '.', '_', ':' or '-', e.g. gw1.example.org:8005, or leave it out");
        }
    }

    /**
     * This gateway's id among the gateways of one Redis: {@code instance_id}, or else the host's
     * name and the signaling port it listens on ({@code signalingPort}: the one it was started with).
     */
    public String instanceIdOr(String hostName, int signalingPort) {
        return instanceId.isEmpty() ? hostName + ":" + signalingPort : instanceId;
    }

    /**
     * A URL's web origin as browsers send it in {@code Origin}: scheme and host in lower case, the
     * port only when it is not the scheme's default; {@code withPath}: whether the URL may go on
     * with a path (the public URL), or must be an origin itself (an allowed origin).
     */
    private static String origin(String key, String url, boolean withPath) {
        Matcher m = url == null ? null : WEB_URL.matcher(url);
        if (m == null || !m.matches() || (!withPath && m.group(4) != null && !m.group(4).equals("/"))) {
            throw ConfigRules.bad(key, "'" + url + "' is not a web origin",
                    "write scheme, host and port only, e.g. https://portal.example.org or http://127.0.0.1:8004");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String port = m.group(3) == null || m.group(3).equals(scheme.equals("https") ? ":443" : ":80") ? "" : m.group(3);
        return scheme + "://" + m.group(2).toLowerCase(Locale.ROOT) + port;
    }
}
