package io.moonlight.core.sysctl;

import java.util.List;

/** One kernel parameter of the profile, with the comment lines that say why it has this value. */
public record SysctlSetting(String key, String value, List<String> why) {

    public SysctlSetting {
        why = List.copyOf(why);
        value = normalize(value);
    }

    /** Whether a live value, as the kernel prints it, is this setting's value. */
    public boolean matches(String live) {
        return live != null && normalize(live).equals(value);
    }

    /**
     * A value with its words separated by single spaces: the kernel prints multi-value keys
     * ({@code net.ipv4.tcp_rmem}) with tabs, profiles write them with spaces.
     */
    public static String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
