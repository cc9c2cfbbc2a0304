package io.moonlight.agent.input;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The gate every data-channel message of one viewer passes: rate (token bucket), size, then
 * parsing. A message that fails is counted by reason and yields nothing; nothing here throws.
 */
final class InputAdmission {
    static final int MAX_BYTES = 1024;
    static final int MAX_PER_SECOND = 1000;
    private final TokenBucket bucket;
    private final DropCounters drops;

    InputAdmission(DropCounters drops, LongSupplier nanoClock) {
        this.drops = drops;
        this.bucket = new TokenBucket(MAX_PER_SECOND, nanoClock);
    }

    Optional<InputMessage> admit(String text) {
        if (!bucket.tryTake()) {
            return dropped(DropReason.RATE);
        }
        if (text == null) {
            return dropped(DropReason.MALFORMED);
        }
        // A UTF-8 character is at most 3 bytes per UTF-16 char, so only long texts need encoding.
        if (text.length() > MAX_BYTES
                || (text.length() * 3 > MAX_BYTES && text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)) {
            return dropped(DropReason.SIZE);
        }
        try {
            return Optional.of(InputMessageParser.parse(text));
        } catch (MalformedInputException | RuntimeException e) {
            return dropped(DropReason.MALFORMED);
        }
    }

    private Optional<InputMessage> dropped(DropReason reason) {
        drops.count(reason);
        return Optional.empty();
    }
}
