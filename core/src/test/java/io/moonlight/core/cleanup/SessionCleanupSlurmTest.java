package io.moonlight.core.cleanup;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SlurmScheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cleanup on the real Slurm testbed: scancel from outside, a silent supervisor and a start that never
 * finishes, each found through squeue. Orphans are not cancelled here: other tests' jobs share the
 * testbed (and the user).
 */
@ExtendWith(SlurmTestbedExtension.class)
class SessionCleanupSlurmTest extends SessionCleanupContract {
    final SlurmTestbed testbed;

    SessionCleanupSlurmTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        SessionTestbed.ensure(testbed);
    }

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        return new SlurmScheduler(testbed.runner(), config.slurm(), UserSwitch.ofThisProcess());
    }

    @Override
    String configYaml() {
        return "slurm:\n  partition: viz\n  qos: " + SessionTestbed.QOS + "\n  gres: \"\"\n";
    }

    @Override
    void cancelExternally(String jobId) {
        testbed.runner().run(ExternalCommand.of("scancel", jobId)).orFail("scancel " + jobId, null);
    }

    @Override
    List<String> activeJobIds() {
        return SessionTestbed.jobsUnder(testbed, sessionRoot);
    }
}
