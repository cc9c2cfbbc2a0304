package io.moonlight.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract on the real Slurm testbed, plus what only Slurm does: QoS, gres, other jobs in the queue. */
@ExtendWith(SlurmTestbedExtension.class)
class SlurmSchedulerTest extends SchedulerContract {
    private final SlurmTestbed testbed;
    private final SlurmConfig slurm;

    SlurmSchedulerTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        this.slurm = SessionTestbed.ensure(testbed);
    }

    @Override
    Scheduler openScheduler(Path temp) {
        return new SlurmScheduler(testbed.runner(), slurm, UserSwitch.ofThisProcess());
    }

    @Test
    void submitsWithTheConfiguredPartitionQosAndTimeLimit() {
        String id = submit("3141");

        ExecResult squeue = testbed.runner().run(ExternalCommand.of(
                "squeue", "-h", "-j", id, "-o", "%j|%u|%P|%q|%l").asReadOnly());
        assertEquals("moonlight-mlsess|mlsess|viz|" + SessionTestbed.QOS + "|2:00:00\n", squeue.stdout());
    }

    @Test
    void otherJobsInTheQueueAreNotMoonlights() {
        ExecResult other = testbed.runAs(USER, "sbatch", "--parsable", "--job-name=not-ours", "--partition=viz",
                "--time=1", "--output=/dev/null", "--wrap", "sleep 60");
        assertEquals(0, other.exitCode(), other.stderr());
        String otherId = other.stdout().strip();
        try {
            String ours = submit("3141");
            Await.until("our job listed", WAIT, () -> job(ours).isPresent());
            assertTrue(scheduler.jobs().stream().noneMatch(j -> j.id().equals(otherId)));
        } finally {
            testbed.runner().run(ExternalCommand.of("scancel", otherId));
        }
    }

    @Test
    void gresTheClusterDoesNotHaveIsToldInWordsOfOurOwn() {
        Scheduler withGpus = new SlurmScheduler(testbed.runner(), SessionTestbed.config("gpu:1"), UserSwitch.ofThisProcess());
        MoonlightException e = assertThrows(MoonlightException.class, () -> withGpus.submit(
                new JobRequest(USER, "#!/bin/bash\ntrue\n", workDir, workDir.resolve("job.log"), Duration.ofHours(1))));

        assertEquals("partition viz has no GPUs matching slurm.gres 'gpu:1' (sbatch: invalid generic resource)",
                e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("sinfo -p viz -o %G"), e.hint().toString());
    }

    @Test
    void aMissingQosIsBadInputBeforeAnything() {
        Scheduler noQos = new SlurmScheduler(testbed.runner(), new SlurmConfig("viz", "mltest-no-such-qos", "", "",
                "8:00:00", 60), UserSwitch.ofThisProcess());

        MoonlightException e = assertThrows(MoonlightException.class, noQos::preflight);

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Slurm has no QoS 'mltest-no-such-qos' (slurm.qos)", e.getMessage());
    }

    @Test
    void aUserWithoutTheQosIsToldHowToGrantIt() {
        testbed.sacctmgrChange("add", "qos", "mltest-ungranted");
        Scheduler ungranted = new SlurmScheduler(testbed.runner(), new SlurmConfig("viz", "mltest-ungranted", "", "",
                "8:00:00", 60), UserSwitch.ofThisProcess());
        JobRequest request = new JobRequest(USER, "#!/bin/bash\ntrue\n", workDir, workDir.resolve("job.log"), Duration.ofHours(1));

        MoonlightException e = assertThrows(MoonlightException.class, () -> ungranted.submit(request));

        assertEquals("user mlsess may not use QoS mltest-ungranted", e.getMessage());
    }
}
