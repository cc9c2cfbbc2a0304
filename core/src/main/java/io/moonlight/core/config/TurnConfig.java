package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.absolutePath;
import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.optionalPath;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * coturn on the head node, for browsers that cannot reach a viz node directly (docs/turn.md): the
 * file {@code moonlight install turn} writes and what goes into it, the secret it shares with the
 * gateway, and how long the credentials the gateway hands out stay valid. {@code host} (default:
 * the host of gateway.public_url) names the server in the URLs handed out.
 */
public record TurnConfig(Boolean enabled, Path configFile, Path secretFile, String host, String realm,
        Integer port, Integer tlsPort, Path certificateFile, Path keyFile, List<String> listeningIps,
        List<String> relayIps, Integer minPort, Integer maxPort, List<String> allowedPeerRanges,
        Integer credentialLifetimeSeconds) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    public TurnConfig {
        enabled = orDefault(enabled, false);
        configFile = absolutePath("turn.config_file", configFile, "/etc/turnserver.conf");
        secretFile = absolutePath("turn.secret_file", secretFile, "/etc/moonlight/turn-secret");
        host = orDefault(host, "");
        if (!host.isEmpty() && !HOST.matcher(host).matches() && IpLiteral.parse(host).isEmpty()) {
            throw ConfigRules.bad("turn.host", "'" + host + "' is not a host name or IP address",
                    "write the name browsers reach the TURN server by, e.g. portal.example.org");
        }
        realm = orDefault(realm, "");
        if (!realm.isEmpty() && !HOST.matcher(realm).matches()) {
            throw ConfigRules.bad("turn.realm", "'" + realm + "' is not a plain realm",
                    "use letters, digits, '.' and '-' only, e.g. example.org (left out: turn.host)");
        }
        port = ConfigRules.port("turn.port", port, 3478);
        tlsPort = ConfigRules.port("turn.tls_port", tlsPort, 5349);
        if (port.equals(tlsPort)) {
            throw ConfigRules.bad("turn.tls_port", "equals turn.port", "give TLS its own port (default 5349)");
        }
        certificateFile = optionalPath("turn.certificate_file", certificateFile);
        keyFile = optionalPath("turn.key_file", keyFile);
        if ((certificateFile == null) != (keyFile == null)) {
            throw ConfigRules.bad("turn.certificate_file", "a certificate without a private key, or a key without a certificate",
                    "give both (the portal's certificate and key, in PEM) for TLS, or neither");
        }
        listeningIps = addresses("turn.listening_ips", listeningIps);
        relayIps = addresses("turn.relay_ips", relayIps);
        minPort = ConfigRules.port("turn.min_port", minPort, 49152);
        maxPort = ConfigRules.port("turn.max_port", maxPort, 65535);
        if (minPort > maxPort) {
            throw ConfigRules.bad("turn.min_port", minPort + " is above turn.max_port " + maxPort,
                    "give the relay port range from low to high, e.g. 49152 to 65535");
        }
        allowedPeerRanges = List.copyOf(orDefault(allowedPeerRanges, List.of()));
        for (String range : allowedPeerRanges) {
            if (IpRange.parse(range).isEmpty()) {
                throw ConfigRules.bad("turn.allowed_peer_ranges", "'" + range + "' is not an address range",
                        "write an address, a CIDR block or FIRST-LAST, e.g. 10.20.0.0/16 (the viz nodes' network)");
            }
        }
        credentialLifetimeSeconds = atLeast("turn.credential_lifetime_seconds", credentialLifetimeSeconds, 86400,
                60, "give the credentials at least a minute (default 86400, a day)");
    }

    /** This configuration with {@code host} (and through it the realm) taken from the gateway's public URL when not given. */
    TurnConfig withHostOf(String publicUrl) {
        if (!host.isEmpty()) {
            return this;
        }
        String publicHost = URI.create(publicUrl).getHost();
        return new TurnConfig(enabled, configFile, secretFile, publicHost == null ? "localhost"
                : publicHost.replaceAll("^\\[|]$", ""), realm, port, tlsPort, certificateFile, keyFile, listeningIps,
                relayIps, minPort, maxPort, allowedPeerRanges, credentialLifetimeSeconds);
    }

    /** The realm coturn announces: {@code realm}, or the host. */
    public String effectiveRealm() {
        return realm.isEmpty() ? host : realm;
    }

    public boolean tls() {
        return certificateFile != null;
    }

    public Duration credentialLifetime() {
        return Duration.ofSeconds(credentialLifetimeSeconds);
    }

    /** The URLs handed to browsers and agents: UDP and TCP on the port, and TLS when a certificate is given. */
    public List<String> urls() {
        String server = host.contains(":") ? "[" + host + "]" : host;
        List<String> urls = new ArrayList<>(List.of("turn:" + server + ":" + port + "?transport=udp",
                "turn:" + server + ":" + port + "?transport=tcp"));
        if (tls()) {
            urls.add("turns:" + server + ":" + tlsPort + "?transport=tcp");
        }
        return urls;
    }

    private static List<String> addresses(String key, List<String> values) {
        List<String> addresses = List.copyOf(orDefault(values, List.of()).stream().map(Objects::toString).toList());
        for (String address : addresses) {
            if (IpLiteral.parse(address).isEmpty()) {
                throw ConfigRules.bad(key, "'" + address + "' is not an IP address",
                        "list addresses of this host, e.g. [192.0.2.10]; [] for all of them");
            }
        }
        return addresses;
    }
}
