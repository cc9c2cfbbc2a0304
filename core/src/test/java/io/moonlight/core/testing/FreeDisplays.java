package io.moonlight.core.testing;

import io.moonlight.core.session.LeasePolicy;
import java.util.List;
import java.util.stream.IntStream;

/** What a node with no X server of its own offers for a lease: every display from :10 to :99. */
public final class FreeDisplays {
    public static final List<Integer> ALL = IntStream.rangeClosed(LeasePolicy.FIRST_DISPLAY, 99).boxed().toList();

    private FreeDisplays() {
    }
}
