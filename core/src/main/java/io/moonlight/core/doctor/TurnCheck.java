package io.moonlight.core.doctor;

import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.turn.TurnAllocation;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnCredentials;
import io.moonlight.core.turn.TurnProbe;
import io.moonlight.core.turn.TurnSecret;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * TURN, when configured: allocates a relay from coturn with a credential issued now from the
 * shared secret, as the gateway issues them to browsers, so a wrong secret, a stopped coturn or a
 * closed port shows here instead of in a user's black viewer.
 */
public final class TurnCheck implements Check {
    private final TurnConfig turn;
    private final TurnProbe probe;
    private final Clock clock;

    public TurnCheck(TurnConfig turn, TurnProbe probe, Clock clock) {
        this.turn = turn;
        this.probe = probe;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "turn";
    }

    @Override
    public List<CheckResult> run() {
        if (!turn.enabled()) {
            return List.of(CheckResult.pass(name(), "TURN is off (turn.enabled: false): browsers must reach the viz "
                    + "nodes directly"));
        }
        TurnCredential credential = new TurnCredentials(TurnSecret.read(turn.secretFile()), turn.credentialLifetime(),
                clock).issue("moonlight-doctor");
        // coturn listens on the listening addresses; the public name may not lead back to them from this host.
        String host = turn.listeningIps().isEmpty() ? turn.host() : turn.listeningIps().get(0);
        InetSocketAddress server = new InetSocketAddress(host, turn.port());
        if (server.isUnresolved()) {
            return List.of(CheckResult.fail(name(), "cannot resolve turn.host " + host,
                    "set turn.host to the TURN server's name or address"));
        }
        TurnAllocation allocation = probe.allocate(server, credential);
        if (!allocation.succeeded()) {
            return List.of(CheckResult.fail(name(), allocation.problem(), "check that coturn runs (systemctl status "
                    + "coturn) with the configuration of 'moonlight install turn' and listens on turn.port"));
        }
        return List.of(CheckResult.pass(name(), "coturn at " + host + ":" + turn.port() + " relayed from "
                + allocation.relayed().orElseThrow() + " for a credential issued now"));
    }
}
