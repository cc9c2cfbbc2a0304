package io.moonlight.core.doctor;

import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.slurm.QosLimits;
import io.moonlight.core.slurm.QosRequest;
import io.moonlight.core.slurm.SacctmgrClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sessions' QoS: present, and with the MaxWall, GraceTime and DenyOnLimit the configuration asks for. */
public final class QosCheck implements Check {
    private final SacctmgrClient sacctmgr;
    private final SlurmConfig slurm;

    public QosCheck(SacctmgrClient sacctmgr, SlurmConfig slurm) {
        this.sacctmgr = sacctmgr;
        this.slurm = slurm;
    }

    @Override
    public String name() {
        return "slurm-qos";
    }

    @Override
    public List<CheckResult> run() {
        Optional<QosLimits> found = sacctmgr.qos(slurm.qos());
        if (found.isEmpty()) {
            return List.of(CheckResult.fail(name(), "QoS '" + slurm.qos() + "' does not exist: sessions cannot start",
                    "moonlight install qos --grant-to-account ACCOUNT"));
        }
        QosLimits qos = found.get();
        List<String> differences = new ArrayList<>();
        long wantedWall = slurm.maxWallDuration().duration().toSeconds();
        if (qos.maxWallSeconds() == null || qos.maxWallSeconds() != wantedWall) {
            differences.add("MaxWall " + (qos.maxWallSeconds() == null ? "unlimited" : qos.maxWallSeconds() + " s")
                    + " instead of " + slurm.maxWall());
        }
        if (qos.graceSeconds() != slurm.graceSeconds()) {
            differences.add("GraceTime " + qos.graceSeconds() + " s instead of " + slurm.graceSeconds() + " s");
        }
        if (qos.flags().stream().noneMatch(QosRequest.DENY_ON_LIMIT::equalsIgnoreCase)) {
            differences.add("no DenyOnLimit: an over-long request would pend for ever");
        }
        if (!differences.isEmpty()) {
            return List.of(CheckResult.warn(name(), "QoS '" + slurm.qos() + "': " + String.join("; ", differences),
                    "moonlight install qos"));
        }
        return List.of(CheckResult.pass(name(), "QoS '" + slurm.qos() + "': MaxWall " + slurm.maxWall()
                + ", GraceTime " + slurm.graceSeconds() + " s, DenyOnLimit"));
    }
}
