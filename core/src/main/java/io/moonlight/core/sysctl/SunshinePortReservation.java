package io.moonlight.core.sysctl;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SunshineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sunshine's port blocks reserved in {@code net.ipv4.ip_local_reserved_ports}. Sunshine's default
 * ports lie inside Linux's ephemeral range (32768-60999), from which the kernel picks the local port
 * of every outgoing connection: one may take a session's port before its Sunshine binds it. A
 * reserved port is never picked. The value installed is the union of Sunshine's ports, the profile's
 * own line for the key and what the host reserves already, so that a site's reservations are never
 * dropped.
 */
public record SunshinePortReservation(SunshineConfig sunshine) {

    public ReservedPorts ports() {
        return new ReservedPorts(List.of(new ReservedPorts.Range(sunshine.firstPort(), sunshine.lastPort())));
    }

    /** The profile for a host whose kernel reserves {@code live} already. */
    public SysctlProfile applyTo(SysctlProfile profile, ReservedPorts live) {
        List<String> why = new ArrayList<>();
        ReservedPorts wanted = ports().with(live);
        Optional<SysctlSetting> own = profile.setting(ReservedPorts.KEY);
        if (own.isPresent()) {
            why.addAll(own.get().why());
            wanted = wanted.with(profileValue(own.get(), profile.source()));
        }
        why.add("Sunshine's ports (sunshine.base_port " + sunshine.basePort() + ", " + sunshine.maxSessionsPerNode()
                + " blocks every " + sunshine.portStride() + " ports: " + ports() + "), reserved: the");
        why.add("kernel never gives one to an outgoing connection, as it may from its ephemeral range");
        why.add("(32768-60999 by default) before a session's Sunshine binds it.");
        // Sunshine's own ports are left out of what the host had: the file reads the same after --apply.
        ReservedPorts others = live.without(ports());
        why.add(others.isEmpty() ? "The host reserved no other ports when this was installed."
                : "The ports the host reserved besides (" + others + ") stay reserved.");
        return profile.with(new SysctlSetting(ReservedPorts.KEY, wanted.toString(), why));
    }

    private static ReservedPorts profileValue(SysctlSetting setting, String source) {
        try {
            return ReservedPorts.parse(setting.value(), "in " + source);
        } catch (MoonlightException e) {
            throw MoonlightException.badInput(e.getMessage(), "fix the line in " + source
                    + "; it takes ranges such as 1000-1005,2000 from 0 to 65535");
        }
    }
}
