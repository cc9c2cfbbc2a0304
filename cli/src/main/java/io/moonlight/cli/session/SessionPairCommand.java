package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.sessions.SessionPairing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight session pair ID --pin NNNN}: lets a Moonlight client pair with the session's Sunshine. */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = {
            "Give the PIN a Moonlight client shows to the session's Sunshine, so the client finishes pairing.",
            "Start pairing in Moonlight first (add the host NODE:PORT from 'moonlight session show'). "
                + "Whether the PIN matches, Moonlight tells: if it reports a wrong PIN, pair again."})
public final class SessionPairCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Option(names = "--pin", paramLabel = "NNNN", required = true, description = "The 4-digit PIN Moonlight shows.")
    private String pin;

    @Override
    public Integer call() {
        SessionIds.check(id.value());
        SessionPairing.checkPin(id.value(), pin);
        try (SessionContext context = SessionContext.open(cli)) {
            context.sessions().pairing().pair(context.caller(), id.value(), pin);
            cli.out().result(id.value() + "  PIN sent: Moonlight finishes pairing");
            return ExitCode.OK.code();
        }
    }
}
