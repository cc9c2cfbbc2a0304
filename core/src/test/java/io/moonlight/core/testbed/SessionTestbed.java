package io.moonlight.core.testbed;

import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.ExternalCommand;
import java.nio.file.Path;
import java.util.List;

/**
 * The session tests' own user and QoS on the testbed, apart from {@link SlurmTestbed#TEST_USER}
 * whose jobs other tests cancel: the Unix and Slurm user {@link #USER} in the test account, a QoS
 * (MaxWall 8 h, DenyOnLimit) granted to it, and the Slurm configuration that submits under it
 * without GPUs (the testbed has none).
 */
public final class SessionTestbed {
    public static final String USER = "mlsess";
    public static final String QOS = "mltest-sessions";

    private SessionTestbed() {
    }

    /** Makes the Unix user exist (for tests without Slurm too). */
    public static void ensureUnixUser() {
        LocalUsers.ensure(USER);
    }

    public static SlurmConfig ensure(SlurmTestbed testbed) {
        ensureUnixUser();
        if (testbed.sacctmgr("show", "qos", QOS, "format=Name").isBlank()) {
            testbed.sacctmgrChange("add", "qos", QOS, "MaxWall=8:00:00", "GraceTime=60", "Flags=DenyOnLimit");
        }
        if (testbed.sacctmgr("show", "user", USER, "format=User").isBlank()) {
            testbed.sacctmgrChange("add", "user", USER, "account=" + SlurmTestbed.TEST_ACCOUNT);
            // slurmctld maps associations to uids when it loads them.
            testbed.runner().run(ExternalCommand.of("scontrol", "reconfigure")).orFail("scontrol reconfigure", null);
        }
        if (!testbed.sacctmgr("show", "assoc", "where", "user=" + USER, "format=QOS").contains(QOS)) {
            testbed.sacctmgrChange("modify", "user", USER, "set", "qos+=" + QOS).orFail("granting " + QOS, null);
        }
        return config("");
    }

    /** The testbed's partition and the test QoS, with the given gres ("" for none). */
    public static SlurmConfig config(String gres) {
        return new SlurmConfig("viz", QOS, gres, "", "8:00:00", 60);
    }

    /**
     * The test user's live jobs that work below {@code dir}: a test's own, whatever other tests run
     * on the shared testbed as the same user meanwhile.
     */
    public static List<String> jobsUnder(SlurmTestbed testbed, Path dir) {
        String out = testbed.runner().run(ExternalCommand.of("squeue", "-h", "-u", USER, "-t", "PD,R,CG,CF,S", "-o",
                "%i|%Z").asReadOnly()).orFail("squeue", null).stdout();
        return out.lines().map(l -> l.split("\\|", 2)).filter(f -> f.length == 2 && Path.of(f[1]).startsWith(dir))
                .map(f -> f[0]).toList();
    }

    /** Cancels the jobs of {@link #jobsUnder}. */
    public static void cancelJobsUnder(SlurmTestbed testbed, Path dir) {
        for (String job : jobsUnder(testbed, dir)) {
            testbed.runner().run(ExternalCommand.of("scancel", job));
        }
    }
}
