package io.moonlight.cli.agent;

import io.moonlight.agent.Agent;
import io.moonlight.agent.AgentOptions;
import io.moonlight.agent.stream.StreamLimits;
import io.moonlight.cli.Cli;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.cli.options.TokenFileOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.supervisor.SessionTokenFile;
import io.moonlight.core.supervisor.SoundServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight agent ID}: the session's WebRTC peer, run by its supervisor on the node. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {
            "Stream a session's desktop to its owner's browser: the command the session's",
            "supervisor runs on the node, not for interactive use. Captures the X display,",
            "sends it as WebRTC video (H264, else VP8) and injects the browser's keyboard and",
            "mouse through XTest; connects out to the gateway's signaling hub with the",
            "session's token. Runs until SIGTERM; exit 1 when the hub refuses it for good."})
public final class AgentCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Mixin
    private TokenFileOption token;

    @Option(names = "--display", required = true, paramLabel = ":N", description = "The session's X display, e.g. :10.")
    private String display;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "60", description = "Highest frame rate sent (default: ${DEFAULT-VALUE}).")
    private int fps;

    @Option(names = "--bitrate-kbps", paramLabel = "N", defaultValue = "20000",
            description = "Highest video bitrate sent (default: ${DEFAULT-VALUE}).")
    private int bitrateKbps;

    @Option(names = "--signaling-url", paramLabel = "URL",
            description = "The hub's WebSocket URL (default: from supervisor.gateway_url and gateway.signaling_port).")
    private URI signalingUrl;

    @Option(names = "--resize-script", paramLabel = "FILE",
            description = "The session's display-resize.sh, when its X server can change its size: the screen then follows the owner's browser window.")
    private Path resizeScript;

    @Override
    public Integer call() {
        AgentOptions options = options();
        Agent agent = Agent.start(options, line -> System.err.println("moonlight agent: " + line));
        // SIGTERM from the supervisor: the viewers are told and the native objects freed in order.
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "moonlight-agent-stop"));
        String refusal = agent.refused().join();
        throw new MoonlightException(ExitCode.ERROR, refusal, "the session has ended, or its token is not this session's");
    }

    /** The supervisor names the hub on the command line; by hand, the configuration does. */
    private URI signalingUrlFromConfig() {
        MoonlightConfig config = cli.config();
        return config.supervisor().signalingUrl(config.gateway());
    }

    private AgentOptions options() {
        try {
            URI hub = signalingUrl != null ? signalingUrl : signalingUrlFromConfig();
            return new AgentOptions(id.value(), display, hub, SessionTokenFile.read(token.file()),
                    new StreamLimits(fps, bitrateKbps), Optional.ofNullable(resizeScript),
                    // The supervisor sets it for the session's own sound server (docs/supervisor.md).
                    Optional.ofNullable(System.getenv(SoundServer.SERVER_VARIABLE)).filter(s -> !s.isBlank()));
        } catch (IllegalArgumentException e) {
            throw MoonlightException.badInput(e.getMessage(), "see 'moonlight agent --help'");
        }
    }
}
