package io.moonlight.core.doctor;

import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.sysctl.ReservedPorts;
import io.moonlight.core.sysctl.SunshinePortReservation;
import java.util.List;

/**
 * Sunshine's port blocks against the kernel's ephemeral range: any outgoing connection on the node
 * may take a port there, and a Sunshine that starts later fails with "Address already in use".
 * Ports inside the range are safe only when net.ipv4.ip_local_reserved_ports covers them.
 */
public final class SunshinePortsCheck implements Check {
    private final CommandRunner runner;
    private final SunshineConfig sunshine;

    public SunshinePortsCheck(CommandRunner runner, SunshineConfig sunshine) {
        this.runner = runner;
        this.sunshine = sunshine;
    }

    @Override
    public String name() {
        return "sunshine-ports";
    }

    @Override
    public List<CheckResult> run() {
        ExecResult live = runner.run(ExternalCommand.of("sysctl", "-n", "net.ipv4.ip_local_port_range",
                "net.ipv4.ip_local_reserved_ports").asReadOnly());
        List<String> lines = live.orFail("cannot read the ephemeral port range", "check that procps is installed")
                .stdout().lines().toList();
        String[] ephemeral = lines.get(0).strip().split("\\s+");
        int low = Integer.parseInt(ephemeral[0]);
        int high = Integer.parseInt(ephemeral[1]);
        ReservedPorts reserved = ReservedPorts.parse(lines.size() > 1 ? lines.get(1) : "", "on " + runner.target());
        String blocks = sunshine.firstPort() + "-" + sunshine.lastPort();
        if (!exposed(sunshine.firstPort(), sunshine.lastPort(), low, high, reserved)) {
            return List.of(CheckResult.pass(name(), "Sunshine ports " + blocks + " are outside the ephemeral range "
                    + low + "-" + high + " or reserved"));
        }
        ReservedPorts wanted = reserved.with(new SunshinePortReservation(sunshine).ports());
        return List.of(CheckResult.warn(name(), "Sunshine ports " + blocks + " lie in the ephemeral range " + low
                        + "-" + high + " unreserved: any outgoing connection may take one first",
                "run 'moonlight install sysctl --apply' (net.ipv4.ip_local_reserved_ports=" + wanted
                        + ", kept in /etc/sysctl.d/), or move sunshine.base_port below " + low));
    }

    /** Whether some port of [first, last] is inside [low, high] and not reserved. */
    static boolean exposed(int first, int last, int low, int high, ReservedPorts reserved) {
        for (int port = Math.max(first, low); port <= Math.min(last, high); port++) {
            if (!reserved.contains(port)) {
                return true;
            }
        }
        return false;
    }
}
