package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How a session's supervisor ({@code moonlight session run}, in the job) runs the session: where it
 * reaches the gateway from the node (empty: {@code http://<gateway.bind>:<gateway.api_port>}, right
 * for a single host), the runtime ({@code apptainer}: the session's image; {@code host}: the node's
 * programs), the X server ({@code xvfb}, or {@code xorg} for Sunshine's input, with its dummy-driver
 * configuration: the images carry it at the default path, a host runtime's node needs it there or
 * elsewhere as configured), the desktop and
 * Sunshine commands (Sunshine's empty: no Sunshine on this host), whether the browser's agent
 * ({@code moonlight agent}) runs beside them, whether each session gets its own sound server (PulseAudio,
 * its output streamed by the agent; without pulseaudio on the node the desktop runs silent), how long the display may take to answer, and how often it tells the gateway it
 * is alive. Sessions take X displays from :10 (:1-:9 are the VNC service's) up to {@code lastDisplay}.
 */
public record SupervisorConfig(String gatewayUrl, String runtime, String xServer, Path xorgConfig, List<String> desktop,
        List<String> sunshine, Boolean agent, Boolean audio, Integer displayTimeoutSeconds, Integer heartbeatSeconds, Integer lastDisplay) {
    /** The highest display a site may allow: the node sends its free displays up to it with every lease request. */
    public static final int MAX_LAST_DISPLAY = 999;
    /** Where the images carry Xorg's dummy-driver configuration. */
    public static final Path DEFAULT_XORG_CONFIG = Path.of("/etc/X11/moonlight/xorg-dummy.conf");
    private static final Set<String> RUNTIMES = Set.of("apptainer", "host");
    private static final Set<String> X_SERVERS = Set.of("xvfb", "xorg");
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

    public SupervisorConfig {
        gatewayUrl = orDefault(gatewayUrl, "");
        if (!gatewayUrl.isEmpty() && !gatewayUrl.matches("https?://[^\\s/]+(/.*)?")) {
            throw ConfigRules.bad("supervisor.gateway_url", "'" + gatewayUrl + "' is not an http(s) URL",
                    "write the gateway's address as the nodes reach it, e.g. http://head01:8004");
        }
        runtime = orDefault(runtime, "apptainer");
        if (!RUNTIMES.contains(runtime)) {
            throw ConfigRules.bad("supervisor.runtime", "'" + runtime + "' is not a runtime",
                    "use apptainer (the session's image) or host (the node's own programs)");
        }
        xServer = orDefault(xServer, "xvfb");
        if (!X_SERVERS.contains(xServer)) {
            throw ConfigRules.bad("supervisor.x_server", "'" + xServer + "' is not an X server",
                    "use xvfb, or xorg (the dummy driver; needed for Sunshine's input)");
        }
        xorgConfig = ConfigRules.absolutePath("supervisor.xorg_config", xorgConfig, DEFAULT_XORG_CONFIG.toString());
        desktop = command("supervisor.desktop", desktop, "moonlight-desktop");
        // An empty list is a host without Sunshine (a demo, a test machine): the desktop runs, nothing streams.
        sunshine = sunshine != null && sunshine.isEmpty() ? List.of() : command("supervisor.sunshine", sunshine, "sunshine");
        agent = orDefault(agent, true);
        audio = orDefault(audio, true);
        displayTimeoutSeconds = atLeast("supervisor.display_timeout_seconds", displayTimeoutSeconds, 30, 1,
                "give the X server at least one second");
        heartbeatSeconds = atLeast("supervisor.heartbeat_seconds", heartbeatSeconds, 30, 1,
                "send a heartbeat at most every second");
        lastDisplay = atLeast("supervisor.last_display", lastDisplay, 99, 10,
                "sessions take displays from :10 (:1-:9 belong to the VNC service)");
        if (lastDisplay > MAX_LAST_DISPLAY) {
            throw ConfigRules.bad("supervisor.last_display", lastDisplay + " is above " + MAX_LAST_DISPLAY,
                    "a node rarely has room for more than a few dozen desktops; use at most " + MAX_LAST_DISPLAY);
        }
    }

    /** False when {@code supervisor.sunshine} is empty: sessions run their desktop without Sunshine. */
    public boolean runsSunshine() {
        return !sunshine.isEmpty();
    }

    /** The gateway's base URL (up to, without, {@code /api/moonlight}) as the session's node reaches it. */
    public String gatewayUrl(GatewayConfig gateway) {
        if (!gatewayUrl.isEmpty()) {
            return gatewayUrl.replaceAll("/+$", "");
        }
        if (WILDCARDS.contains(gateway.bind())) {
            throw ConfigRules.bad("supervisor.gateway_url", "empty, and gateway.bind " + gateway.bind()
                    + " names no host to reach", "set it to the gateway's address as the nodes reach it, e.g. http://head01:8004");
        }
        String host = gateway.bind().contains(":") && !gateway.bind().startsWith("[") ? "[" + gateway.bind() + "]"
                : gateway.bind();
        return "http://" + host + ":" + gateway.apiPort();
    }

    /**
     * The signaling hub's WebSocket URL as the session's node reaches it, from {@link #gatewayUrl}: ws
     * for http, wss for https; the API port becomes the signaling port (a gateway reached directly),
     * any other address is a proxy (nginx) that routes {@code /moonlight/signaling} itself.
     */
    public URI signalingUrl(GatewayConfig gateway) {
        URI api = URI.create(gatewayUrl(gateway));
        String scheme = "https".equals(api.getScheme()) ? "wss" : "ws";
        int port = api.getPort() == gateway.apiPort() ? gateway.signalingPort() : api.getPort();
        try {
            return new URI(scheme, null, api.getHost(), port, "/moonlight/signaling", null, null);
        } catch (URISyntaxException e) {
            throw ConfigRules.bad("supervisor.gateway_url", "'" + gatewayUrl + "' gives no signaling address: "
                    + e.getMessage(), "write the gateway's address as the nodes reach it, e.g. http://head01:8004");
        }
    }

    private static List<String> command(String key, List<String> argv, String fallback) {
        List<String> command = List.copyOf(orDefault(argv, List.of(fallback)));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw ConfigRules.bad(key, "no command", "give the program and its arguments as a list, e.g. [" + fallback + "]");
        }
        return command;
    }
}
