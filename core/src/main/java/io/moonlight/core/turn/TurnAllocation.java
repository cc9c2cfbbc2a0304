package io.moonlight.core.turn;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What a TURN server answered to an allocation: the relayed address it gave, or why not (its error
 * code and reason, e.g. "401 Unauthorized", or that it did not answer).
 */
public record TurnAllocation(Optional<InetSocketAddress> relayed, String problem) {
    static TurnAllocation allocated(InetSocketAddress relayed) {
        return new TurnAllocation(Optional.of(relayed), "");
    }

    static TurnAllocation refused(String problem) {
        return new TurnAllocation(Optional.empty(), problem);
    }

    public boolean succeeded() {
        return relayed.isPresent();
    }
}
