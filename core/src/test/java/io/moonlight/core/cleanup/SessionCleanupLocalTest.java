package io.moonlight.core.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.JobRequest;
import io.moonlight.core.scheduler.LocalScheduler;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.sessions.StartRequest;
import io.moonlight.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cleanup with the local scheduler (its jobs directory is the test's own, so every job is the test's). */
class SessionCleanupLocalTest extends SessionCleanupContract {

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        return new LocalScheduler(config.paths().stateDir().resolve("local-jobs"), Duration.ofSeconds(5),
                new ProcessCommandRunner(), UserSwitch.ofThisProcess(), Clock.systemUTC());
    }

    @Override
    String configYaml() {
        return "";
    }

    @Override
    void cancelExternally(String jobId) {
        new ProcessCommandRunner().run(ExternalCommand.of("kill", "-TERM", jobId));
    }

    @Override
    List<String> activeJobIds() {
        return scheduler.jobs().stream().filter(j -> j.user().equals(USER) && j.state().isActive())
                .map(SchedulerJob::id).toList();
    }

    @Test
    void anOrphanJobIsReportedAndCancelledOnlyWhenAsked() throws Exception {
        Path work = Files.createDirectory(temp.resolve("orphan"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        String job = scheduler.submit(new JobRequest(USER, "sleep 300\n", work, work.resolve("job.log"), Duration.ofMinutes(5)));
        Session owned = starting();

        CleanupResult reported = cleanup(Duration.ZERO, false, false);

        assertEquals(1, reported.actions().size(), reported.actions().toString());
        CleanupAction orphan = reported.actions().get(0);
        assertEquals(CleanupAction.Kind.ORPHAN, orphan.kind());
        assertEquals(job, orphan.job());
        assertFalse(orphan.done());
        assertTrue(orphan.reason().startsWith("job " + job + " (moonlight-" + USER + ", " + USER + ", "), orphan.reason());
        assertEquals("cleanup: 0 ended, 0 failed, 0 orphans cancelled (1 found, kept), 0 directories removed, 0 records deleted",
                reported.summary());
        assertTrue(activeJobIds().contains(job));

        // A session of the user being submitted (stored, its job id not yet): the job may be its own.
        Session submitting = Session.pending(new SessionIds(Clock.systemUTC(), new SecureRandom()).next(USER), USER,
                new StartRequest(USER, null, null, null, null, null, null).spec(), "hash", Instant.now());
        store.create(submitting, 4);
        CleanupResult held = cleanup(Duration.ZERO, false, true);
        assertEquals(0, held.orphansCancelled(), held.actions().toString());
        assertTrue(activeJobIds().contains(job));
        store.delete(submitting.id());

        CleanupResult cancelled = cleanup(Duration.ZERO, false, true);

        assertEquals(1, cancelled.orphansCancelled());
        assertEquals("cleanup: 0 ended, 0 failed, 1 orphans cancelled, 0 directories removed, 0 records deleted", cancelled.summary());
        Await.until("the orphan cancelled", WAIT, () -> !activeJobIds().contains(job));
        assertEquals(List.of(owned.jobId().orElseThrow()), activeJobIds(), "the session's own job is left alone");
        assertEquals(SessionState.STARTING, store.get(owned.id()).orElseThrow().state());
    }

    @Test
    void directoriesOfLongEndedSessionsAreRemovedRecentOnesVncAndLinkedPlacesKept() throws Exception {
        Session old = starting();
        Session linked = starting();
        service.stopper().stop(service.caller("root"), old.id());
        service.stopper().stop(service.caller("root"), linked.id());
        Path oldDir = sessionRoot.resolve("sunshine_" + USER).resolve(old.id());
        Path linkedDir = sessionRoot.resolve("sunshine_" + USER).resolve(linked.id());
        assertTrue(Files.isDirectory(oldDir.resolve("logs")));
        // What a link may point at: never removed through the link.
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Path precious = Files.writeString(elsewhere.resolve("precious"), "keep");
        Files.createSymbolicLink(oldDir.resolve("logs/escape"), elsewhere);
        Files.walk(linkedDir).sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Files.createSymbolicLink(linkedDir, elsewhere);
        Path vnc = Files.createDirectories(sessionRoot.resolve("vnc_" + USER).resolve(old.id()));

        CleanupResult recent = cleanup(Duration.ZERO, false, false);
        assertEquals(0, recent.count(CleanupAction.Kind.DIRECTORY), recent.actions().toString());
        CleanupResult dryRun = cleanup(Duration.ofDays(8), true, false);
        assertEquals(1, dryRun.count(CleanupAction.Kind.DIRECTORY), dryRun.actions().toString());
        assertTrue(Files.isDirectory(oldDir), "a dry run removes nothing");

        CleanupResult result = cleanup(Duration.ofDays(8), false, false);

        assertEquals(List.of(oldDir.toString()), result.actions().stream()
                .filter(a -> a.kind() == CleanupAction.Kind.DIRECTORY).map(CleanupAction::path).toList());
        assertEquals("cleanup: 0 ended, 0 failed, 0 orphans cancelled, 1 directories removed, 0 records deleted", result.summary());
        assertFalse(Files.exists(oldDir));
        assertTrue(Files.isSymbolicLink(linkedDir), "a session directory that is a link is left alone");
        assertEquals("keep", Files.readString(precious));
        assertTrue(Files.isDirectory(vnc));
        assertTrue(Files.isDirectory(sessionRoot.resolve("sunshine_" + USER)));
    }

    @Test
    void aBacklogOfRecordsIsDeletedInBatchesAllInOneRun() {
        int backlog = 2 * SessionCleanup.RECORD_BATCH + 1;
        Set<String> old = new HashSet<>();
        try (SessionStore then = storeOf(Duration.ofDays(KEEP_RECORDS_DAYS + 1))) {
            Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-KEEP_RECORDS_DAYS - 1));
            SessionIds ids = new SessionIds(past, new SecureRandom());
            for (int i = 0; i < backlog; i++) {
                Session session = Session.pending(ids.next(USER), USER,
                        new StartRequest(USER, null, null, null, null, null, null).spec(), "hash", past.instant());
                then.create(session, 4);
                then.transition(session.id(), SessionState.PENDING, SessionState.ENDED, "").orElseThrow();
                old.add(session.id());
            }
        }

        CleanupResult result = cleanup(Duration.ZERO, false, false);

        assertEquals(old, Set.copyOf(recordsDeleted(result)));
        assertEquals(backlog, recordsDeleted(result).size());
        assertEquals("cleanup: 0 ended, 0 failed, 0 orphans cancelled, 0 directories removed, " + backlog
                + " records deleted", result.summary());
        assertEquals(List.of(), store.list());
    }
}
