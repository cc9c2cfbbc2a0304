package io.moonlight.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Scheduler} must do, against a real one. The job is a small script that writes
 * markers (who runs it, that it got SIGTERM) and sleeps in a child process, like a session's
 * supervisor with its children.
 */
@ServiceTest
abstract class SchedulerContract {
    static final String USER = SessionTestbed.USER;
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SCRIPT = """
            #!/bin/bash
            trap 'echo term > "$PWD/terminated"; kill $child 2>/dev/null; exit 0' TERM
            env > "$PWD/environment"
            id -un > "$PWD/started"
            echo hello from the job
            sleep %s &
            child=$!
            wait
            """;

    @TempDir
    Path temp;
    Path workDir;
    Scheduler scheduler;
    private final List<String> submitted = new ArrayList<>();

    abstract Scheduler openScheduler(Path temp);

    @BeforeEach
    void setUp() throws IOException {
        scheduler = openScheduler(temp);
        workDir = UserDirs.ownedBy(temp, "job", USER);
    }

    @AfterEach
    void cancelWhatIsLeft() {
        submitted.forEach(id -> scheduler.cancel(id, USER));
        // The next test's job must not wait for this one's resources.
        Await.until("the test's jobs gone", WAIT, () -> submitted.stream().allMatch(this::gone));
    }

    String submit(String sleepSeconds) {
        String id = scheduler.submit(new JobRequest(USER, SCRIPT.formatted(sleepSeconds), workDir, workDir.resolve("job.log"), Duration.ofHours(2)));
        submitted.add(id);
        return id;
    }

    Optional<SchedulerJob> job(String id) {
        return scheduler.jobs().stream().filter(j -> j.id().equals(id)).findFirst();
    }

    boolean gone(String id) {
        return job(id).map(j -> !j.state().isActive()).orElse(true);
    }

    /** Processes on this host that run the test's script or its sleep. */
    long processesOfTheJob() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(workDir.toString()) || c.contains("sleep 3141"))
                        .orElse(false))
                .count();
    }

    @Test
    void theJobRunsAsTheUserUnderItsMoonlightName() throws IOException {
        Instant before = Instant.now();
        String id = submit("3141");

        Await.until("job " + id + " running", WAIT, () -> job(id).map(j -> j.state() == JobState.RUNNING).orElse(false));
        Await.until("the script's start marker", WAIT, () -> Files.exists(workDir.resolve("started")));
        SchedulerJob job = job(id).orElseThrow();
        assertEquals("moonlight-" + USER, job.name());
        assertEquals(USER, job.user());
        assertTrue(job.node().isPresent(), job.toString());
        Instant end = job.endsAt().orElseThrow();
        assertTrue(!end.isBefore(before.plus(Duration.ofHours(2)).minusSeconds(5))
                && !end.isAfter(Instant.now().plus(Duration.ofHours(2)).plusSeconds(5)), end.toString());
        assertEquals(USER + "\n", Files.readString(workDir.resolve("started")));
    }

    @Test
    void theJobGetsNothingOfTheSubmittersEnvironment() throws IOException {
        submit("0");
        Await.until("the script's start marker", WAIT, () -> Files.exists(workDir.resolve("started")));

        Set<String> login = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "SHLVL", "_", "LANG",
                "TERM", "MAIL", "HOSTNAME", "TMPDIR", "ENVIRONMENT");
        List<String> leaked = new ArrayList<>();
        String environment = Files.readString(workDir.resolve("environment"));
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            String name = variable.getKey();
            if (!login.contains(name) && !name.startsWith("SLURM") && !name.startsWith("LC_")
                    && environment.contains("\n" + name + "=")) {
                leaked.add(name);
            }
        }
        assertEquals(List.of(), leaked);
        assertTrue(environment.contains("USER=" + USER + "\n"), environment);
    }

    @Test
    void cancelTerminatesTheWholeTreeAndTheJobGoes() throws IOException {
        String id = submit("3141");
        Await.until("the script's start marker", WAIT, () -> Files.exists(workDir.resolve("started")));
        Await.until("the job's sleep", WAIT, () -> processesOfTheJob() > 0);

        scheduler.cancel(id, USER);

        Await.until("job " + id + " gone", WAIT, () -> gone(id));
        Await.until("no process of the job left", WAIT, () -> processesOfTheJob() == 0);
        assertEquals("term\n", Files.readString(workDir.resolve("terminated")));
        String log = Files.readString(workDir.resolve("job.log"));
        assertTrue(log.startsWith("hello from the job\n"), log);
    }

    @Test
    void aJobThatEndsByItselfGoesAndCancellingItIsNoError() {
        String id = submit("0");

        Await.until("job " + id + " gone", WAIT, () -> gone(id));
        scheduler.cancel(id, USER);
        assertFalse(Files.exists(workDir.resolve("terminated")));
        assertTrue(scheduler.jobs().stream().noneMatch(j -> j.id().equals(id) && j.state().isActive()));
    }

    @Test
    void jobsOfEachSubmissionAreTold() {
        String first = submit("3141");
        String second = submit("3141");

        assertFalse(first.equals(second));
        Await.until("both jobs listed", WAIT, () -> job(first).isPresent() && job(second).isPresent());
    }
}
