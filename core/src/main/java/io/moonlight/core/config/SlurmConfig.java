package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.name;
import static io.moonlight.core.config.ConfigRules.orDefault;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.slurm.SlurmDuration;

/** The Slurm side: where sessions run and under which QoS and limits. */
public record SlurmConfig(String partition, String qos, String gres, String account, String maxWall,
        Integer graceSeconds) {
    public SlurmConfig {
        partition = name("slurm.partition", partition, "viz");
        qos = ConfigRules.notVnc("slurm.qos", name("slurm.qos", qos, "moonlight"));
        gres = orDefault(gres, "gpu:1");
        account = orDefault(account, "");
        maxWall = orDefault(maxWall, "8:00:00");
        try {
            SlurmDuration.parse("slurm.max_wall", maxWall);
        } catch (MoonlightException e) {
            throw ConfigRules.bad("slurm.max_wall", "'" + maxWall + "' is not a Slurm time", e.hint().orElse(null));
        }
        graceSeconds = atLeast("slurm.grace_seconds", graceSeconds, 60, 0, "use 0 or more seconds");
    }

    public SlurmDuration maxWallDuration() {
        return SlurmDuration.parse("slurm.max_wall", maxWall);
    }
}
