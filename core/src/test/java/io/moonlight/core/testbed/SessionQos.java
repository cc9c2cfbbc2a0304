package io.moonlight.core.testbed;

import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.ExternalCommand;

/**
 * A QoS of the session tests' own on the testbed (MaxWall 8 h, DenyOnLimit), granted to the test
 * user, and the Slurm configuration that submits under it without GPUs (the testbed has none).
 */
public final class SessionQos {
    public static final String NAME = "mltest-sessions";

    private SessionQos() {
    }

    public static SlurmConfig ensure(SlurmTestbed testbed) {
        if (testbed.sacctmgr("show", "qos", NAME, "format=Name").isBlank()) {
            testbed.sacctmgrChange("add", "qos", NAME, "MaxWall=8:00:00", "GraceTime=60", "Flags=DenyOnLimit");
        }
        if (!testbed.sacctmgr("show", "assoc", "where", "user=" + SlurmTestbed.TEST_USER, "format=QOS").contains(NAME)) {
            testbed.sacctmgrChange("modify", "user", SlurmTestbed.TEST_USER, "set", "qos+=" + NAME);
        }
        return config("");
    }

    /** The testbed's partition and the test QoS, with the given gres ("" for none). */
    public static SlurmConfig config(String gres) {
        return new SlurmConfig("viz", NAME, gres, "", "8:00:00", 60);
    }

    /** Cancels every moonlight job of the test user: tests start from an empty queue. */
    public static void cancelTestJobs(SlurmTestbed testbed) {
        testbed.runner().run(ExternalCommand.of("scancel", "-u", SlurmTestbed.TEST_USER, "--name",
                "moonlight-" + SlurmTestbed.TEST_USER));
    }
}
