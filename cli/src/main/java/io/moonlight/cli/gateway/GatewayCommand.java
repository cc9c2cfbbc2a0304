package io.moonlight.cli.gateway;

import io.moonlight.cli.Cli;
import io.moonlight.core.ExitCode;
import io.moonlight.gateway.ForegroundGateway;
import io.moonlight.gateway.GatewayOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight gateway}: the gateway in the foreground, until SIGTERM or Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true, subcommands = GatewayTokenCommand.class,
        description = {
            "Run the gateway in the foreground: the REST API under /api/moonlight/ (list, start, stop and",
            "pair sessions; images, healthz, metrics) with the portal's JWT, over the configured session",
            "store and scheduler, and the WebRTC signaling hub (/moonlight/signaling) on the signaling port.",
            "One line per request on stderr. SIGTERM or Ctrl-C stops it cleanly (store closed).",
            "Tokens: 401 when missing, expired, not yet valid or badly signed; 403 when valid but in",
            "none of gateway.allowed_groups. /healthz (and /metrics unless gateway.metrics_need_token)",
            "need no token.",
            "'moonlight gateway token --user U' prints a login token for an HS256 gateway."})
public final class GatewayCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: gateway.bind).")
    private String bind;

    @Option(names = "--port", paramLabel = "N", description = "API port (default: gateway.api_port; 0: any free port).")
    private Integer port;

    @Option(names = "--signaling-port", paramLabel = "N", description = "Port of the WebRTC signaling hub "
            + "(default: gateway.signaling_port; 0: any free port); checked to differ from the API port.")
    private Integer signalingPort;

    @Override
    public Integer call() throws InterruptedException {
        GatewayOptions options = GatewayOptions.of(cli.config().gateway(), bind, port, signalingPort);
        ForegroundGateway.run(cli.config(), cli.configSource().file(), options, System.err);
        return ExitCode.OK.code();
    }
}
