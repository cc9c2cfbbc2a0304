package io.moonlight.core.slurm;

import java.util.List;

/**
 * A QoS as Slurm holds it. Null limits mean "no limit" (an empty field in sacctmgr's output).
 */
public record QosLimits(String name, long graceSeconds, Long maxWallSeconds, Integer maxJobsPerUser,
        List<String> flags) {

    public QosLimits {
        flags = List.copyOf(flags);
    }
}
