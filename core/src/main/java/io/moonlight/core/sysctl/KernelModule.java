package io.moonlight.core.sysctl;

import java.util.List;

/** A kernel module the profile needs, with the comment lines that say why. */
public record KernelModule(String name, List<String> why) {

    public KernelModule {
        why = List.copyOf(why);
    }
}
