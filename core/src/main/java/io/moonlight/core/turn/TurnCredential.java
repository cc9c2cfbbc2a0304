package io.moonlight.core.turn;

import java.time.Instant;

/** A time-limited TURN credential (TURN REST API): {@code username} is "EXPIRY_UNIX_SECONDS:name". */
public record TurnCredential(String username, String password, Instant expires) {
}
