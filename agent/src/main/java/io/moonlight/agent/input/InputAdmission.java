package io.moonlight.agent.input;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The gate every data-channel message of one viewer passes: rate (token bucket), size, then
 * parsing. A message that fails is counted by reason and yields nothing; nothing here throws.
 * Only a {@code clipboard} message may be larger than 1 KiB (up to {@link ClipboardMessage#MAX_BYTES}),
 * and such large messages have a rate of their own, taken before they are parsed.
 */
final class InputAdmission {
    static final int MAX_BYTES = 1024;
    static final int MAX_PER_SECOND = 1000;
    static final int MAX_LARGE_PER_SECOND = 4;
    private final TokenBucket bucket;
    private final TokenBucket largeBucket;
    private final DropCounters drops;

    InputAdmission(DropCounters drops, LongSupplier nanoClock) {
        this.drops = drops;
        this.bucket = new TokenBucket(MAX_PER_SECOND, nanoClock);
        this.largeBucket = new TokenBucket(MAX_LARGE_PER_SECOND, nanoClock);
    }

    Optional<InputMessage> admit(String text) {
        if (!bucket.tryTake()) {
            return dropped(DropReason.RATE);
        }
        if (text == null) {
            return dropped(DropReason.MALFORMED);
        }
        boolean large = isOver(text, MAX_BYTES);
        if (large && !largeBucket.tryTake()) {
            return dropped(DropReason.RATE);
        }
        if (large && isOver(text, ClipboardMessage.MAX_BYTES)) {
            return dropped(DropReason.SIZE);
        }
        Optional<InputMessage> message = parse(text);
        if (large && !(message.orElse(null) instanceof InputMessage.Clipboard)) {
            return dropped(DropReason.SIZE);
        }
        return message.isPresent() ? message : dropped(DropReason.MALFORMED);
    }

    private static Optional<InputMessage> parse(String text) {
        try {
            return Optional.of(InputMessageParser.parse(text));
        } catch (MalformedInputException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the UTF-8 form is over {@code bytes}: a char is 1-3 bytes, so only some texts need encoding. */
    private static boolean isOver(String text, int bytes) {
        return text.length() > bytes
                || (text.length() * 3L > bytes && text.getBytes(StandardCharsets.UTF_8).length > bytes);
    }

    private Optional<InputMessage> dropped(DropReason reason) {
        drops.count(reason);
        return Optional.empty();
    }
}
