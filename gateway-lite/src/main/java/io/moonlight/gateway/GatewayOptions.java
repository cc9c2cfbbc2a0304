package io.moonlight.gateway;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.GatewayConfig;
import java.util.Set;

/**
 * Where the gateway listens: the configuration's {@code gateway.bind}, {@code api_port} and
 * {@code signaling_port}, each overridable on the command line. Port 0 takes any free port (the
 * gateway logs the one it got).
 */
public record GatewayOptions(String bind, int apiPort, int signalingPort) {
    private static final Set<Integer> VNC_PORTS = Set.of(8002, 5010);

    public GatewayOptions {
        if (bind == null || !bind.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw MoonlightException.badInput("'" + bind + "' is not an address to bind",
                    "give an IP address or host name, e.g. 127.0.0.1 (behind nginx) or 0.0.0.0");
        }
        port("--port", apiPort);
        port("--signaling-port", signalingPort);
        if (apiPort != 0 && apiPort == signalingPort) {
            throw MoonlightException.badInput("the API and signaling ports are both " + apiPort,
                    "give them two different ports (default 8004 and 8005)");
        }
    }

    public static GatewayOptions of(GatewayConfig gateway, String bind, Integer apiPort, Integer signalingPort) {
        return new GatewayOptions(bind == null ? gateway.bind() : bind,
                apiPort == null ? gateway.apiPort() : apiPort,
                signalingPort == null ? gateway.signalingPort() : signalingPort);
    }

    private static void port(String option, int port) {
        if (port < 0 || port > 65535) {
            throw MoonlightException.badInput(option + " " + port + " is not a TCP port", "use 1 to 65535 (0: any free port)");
        }
        if (VNC_PORTS.contains(port)) {
            throw MoonlightException.badInput(option + " " + port + " belongs to the VNC service",
                    "keep the defaults 8004 and 8005");
        }
    }
}
