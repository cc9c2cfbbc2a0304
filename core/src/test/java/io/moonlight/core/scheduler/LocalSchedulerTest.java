package io.moonlight.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract with processes on this host (run as root, jobs as the test user through runuser). */
class LocalSchedulerTest extends SchedulerContract {

    @Override
    Scheduler openScheduler(Path temp) {
        SessionTestbed.ensureUnixUser();
        return new LocalScheduler(temp.resolve("jobs"), Duration.ofSeconds(5), new ProcessCommandRunner(),
                UserSwitch.ofThisProcess(), Clock.systemUTC());
    }

    @Test
    void itsJobsDirectoryIsRootsAlone() throws IOException {
        scheduler.preflight();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("jobs"))));
    }

    @Test
    void theTimeLimitEndsTheJobWithSigterm() throws IOException {
        String script = "trap 'echo term > \"$PWD/terminated\"; exit 0' TERM\nsleep 3141 & wait\n";
        String id = scheduler.submit(new JobRequest(USER, script, workDir, workDir.resolve("job.log"), Duration.ofSeconds(1)));

        Await.until("job " + id + " gone", WAIT, () -> gone(id));
        assertEquals("term\n", Files.readString(workDir.resolve("terminated")));
    }

    @Test
    void aJobIgnoringSigtermIsKilledAfterTheGraceTime() throws IOException {
        String script = "trap '' TERM\nid -un > \"$PWD/started\"\nwhile true; do sleep 1; done\n";
        String id = scheduler.submit(new JobRequest(USER, script, workDir, workDir.resolve("job.log"), Duration.ofHours(1)));
        Await.until("the script's start marker", WAIT, () -> Files.exists(workDir.resolve("started")));

        long start = System.nanoTime();
        scheduler.cancel(id, USER);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds >= 4.5 && seconds < 10, "cancel took " + seconds + " s, grace is 5 s");
        Await.until("no process of the job left", WAIT, () -> processesOfTheJob() == 0);
        assertTrue(scheduler.jobs().isEmpty());
        assertEquals(0, Files.list(temp.resolve("jobs")).count());
    }
}
