package io.moonlight.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.doctor.CheckResult.Status;
import io.moonlight.core.slurm.SacctmgrClient;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.ServiceTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The doctor's Slurm checks against the real testbed. */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class SlurmChecksTest {
    private static final String QOS = "mldoctor";
    private final SlurmTestbed testbed;

    SlurmChecksTest(SlurmTestbed testbed) {
        this.testbed = testbed;
    }

    @AfterEach
    void deleteQos() {
        testbed.sacctmgrChange("-i", "delete", "qos", QOS);
    }

    @Test
    void controllerAndPartitionPassAndAMissingPartitionFails() {
        List<CheckResult> results = new SlurmCheck(testbed.runner(), slurm("viz")).run();
        assertEquals(List.of("slurm-commands", "slurm-controller", "slurm-proctrack", "slurm-partition"),
                results.stream().map(CheckResult::check).toList(), results.toString());
        assertEquals(List.of(Status.PASS, Status.PASS, Status.WARN, Status.PASS),
                results.stream().map(CheckResult::status).toList(), results.toString());
        assertTrue(results.get(0).summary().startsWith("slurm"), results.get(0).summary());
        assertTrue(results.get(2).summary().startsWith("ProctrackType proctrack/linuxproc: processes a session job "
                + "leaves"), "the testbed runs without cgroups: " + results.get(2).summary());
        CheckResult missing = new SlurmCheck(testbed.runner(), slurm("nosuchpart")).run().get(3);
        assertEquals(Status.FAIL, missing.status());
        assertTrue(missing.summary().contains("'nosuchpart' not found"), missing.summary());
    }

    @Test
    void qosMissingFailsDriftWarnsAndTheInstalledOnePasses() {
        QosCheck check = new QosCheck(new SacctmgrClient(testbed.runner()), slurm("viz"));
        CheckResult missing = check.run().get(0);
        assertEquals(Status.FAIL, missing.status());
        assertTrue(missing.hint().startsWith("moonlight install qos"), missing.hint());

        testbed.sacctmgrChange("-i", "add", "qos", QOS, "MaxWall=2:00:00", "GraceTime=60");
        CheckResult drift = check.run().get(0);
        assertEquals(Status.WARN, drift.status());
        assertTrue(drift.summary().contains("MaxWall 7200 s instead of 8:00:00"), drift.summary());
        assertTrue(drift.summary().contains("no DenyOnLimit"), drift.summary());

        testbed.sacctmgrChange("-i", "modify", "qos", QOS, "set", "MaxWall=8:00:00", "Flags+=DenyOnLimit");
        assertEquals(Status.PASS, check.run().get(0).status(), check.run().toString());
    }

    @Test
    void cgroupProcessTrackingPasses() {
        CheckResult cgroup = SlurmCheck.proctrack("PrologFlags = Alloc,Contain\nProctrackType           = proctrack/cgroup\n");
        assertEquals(Status.PASS, cgroup.status(), cgroup.summary());
        assertEquals(Status.WARN, SlurmCheck.proctrack("ProctrackType = proctrack/pgid\n").status());
    }

    private static SlurmConfig slurm(String partition) {
        return new SlurmConfig(partition, QOS, null, null, "8:00:00", 60);
    }
}
