package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SlurmScheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions on the real Slurm testbed with the SQLite store. */
@ExtendWith(SlurmTestbedExtension.class)
class SessionServiceSlurmTest extends SessionServiceContract {
    final SlurmTestbed testbed;

    SessionServiceSlurmTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        SessionTestbed.ensure(testbed);
    }

    @Override
    SessionStore openStore(MoonlightConfig config) throws Exception {
        return StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
    }

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        return new SlurmScheduler(testbed.runner(), config.slurm(), UserSwitch.ofThisProcess());
    }

    @Override
    String configYaml() {
        return "slurm:\n  partition: viz\n  qos: " + SessionTestbed.QOS + "\n  gres: \"\"\n";
    }

    /** Only this test's jobs: other tests may run jobs as the same user on the shared testbed. */
    @Override
    List<String> activeJobIds() {
        return SessionTestbed.jobsUnder(testbed, sessionRoot);
    }

    @Override
    void cancelExternally(String jobId) {
        testbed.runner().run(ExternalCommand.of("scancel", jobId)).orFail("scancel " + jobId, null);
    }

    @Test
    void theJobRunsInSqueueUnderTheUserWithNamePartitionQosAndTime() {
        Session session = service.launcher().start(service.caller("root"), new StartRequest(USER, null, null, 3, null, null, null));
        awaitState(session.id(), SessionState.STARTING);

        String line = testbed.runner().run(ExternalCommand.of("squeue", "-h", "-j", session.jobId().orElseThrow(),
                "-o", "%j|%u|%P|%q|%l|%T").asReadOnly()).stdout();
        assertEquals("moonlight-" + USER + "|" + USER + "|viz|" + SessionTestbed.QOS + "|3:00:00|RUNNING\n", line);
    }

    @Test
    void aMissingQosIsBadInputAndNothingIsSubmitted() throws Exception {
        MoonlightConfig noQos = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot
                + "\nslurm:\n  qos: mltest-no-such-qos\n  gres: \"\"\n");
        SiteSessionService withoutQos = serviceWith(noQos, new SlurmScheduler(testbed.runner(), noQos.slurm(),
                UserSwitch.ofThisProcess()));

        MoonlightException e = assertThrows(MoonlightException.class, () -> withoutQos.launcher().start(withoutQos.caller("root"), request(USER)));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Slurm has no QoS 'mltest-no-such-qos' (slurm.qos)", e.getMessage());
        assertNothingWritten();
    }

    @Test
    void gpusTheClusterLacksFailTheSessionAndLeaveNothingBehind() throws IOException {
        MoonlightConfig withGpus = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot
                + "\nslurm:\n  qos: " + SessionTestbed.QOS + "\n  gres: gpu:1\n");
        SiteSessionService gpuService = serviceWith(withGpus, new SlurmScheduler(testbed.runner(), withGpus.slurm(),
                UserSwitch.ofThisProcess()));

        MoonlightException e = assertThrows(MoonlightException.class, () -> gpuService.launcher().start(gpuService.caller("root"), request(USER)));

        assertEquals(ExitCode.ERROR, e.exitCode());
        assertTrue(e.getMessage().startsWith("partition viz has no GPUs matching slurm.gres 'gpu:1'"), e.getMessage());
        Session failed = store.listByUser(USER).get(0);
        assertEquals(SessionState.FAILED, failed.state());
        assertEquals(e.getMessage(), failed.failureReason().orElseThrow());
        assertEquals(List.of(), activeJobIds());
        try (var dirs = Files.list(sessionRoot.resolve("sunshine_" + USER))) {
            assertEquals(0, dirs.count());
        }
        MoonlightException noLog = assertThrows(MoonlightException.class,
                () -> gpuService.logs().read(gpuService.caller("root"), failed.id(), false, line -> { }));
        assertTrue(noLog.getMessage().startsWith("session " + failed.id() + " has no log yet"), noLog.getMessage());
    }
}
