package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.name;
import static io.moonlight.core.config.ConfigRules.orDefault;
import static io.moonlight.core.config.ConfigRules.port;

import java.util.List;

/**
 * The gateway: its ports (API and web client; signaling), its public URL, auth and groups,
 * whether {@code /metrics} asks for a token like the other endpoints, its rate limits, and the
 * proxies (nginx) whose {@code X-Real-IP} header names the client.
 */
public record GatewayConfig(String bind, Integer apiPort, Integer signalingPort, String publicUrl,
        String serviceUser, JwtConfig jwt, List<String> allowedGroups, List<String> adminGroups,
        Boolean metricsNeedToken, RateLimitConfig rateLimit, List<String> trustedProxies) {
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
    }
}
