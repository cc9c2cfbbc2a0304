package io.moonlight.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * squeue --json as later Slurm versions print it (state as a list of flags, times as objects); the
 * 22.05 form is read from the real testbed in {@link SlurmSchedulerTest}.
 */
class SqueueJsonTest {

    @Test
    void readsTheNewerFormAndKeepsOnlyMoonlightJobs() {
        String json = """
                {"jobs": [
                  {"job_id": 4711, "name": "moonlight-alice", "user_name": "alice", "job_state": ["RUNNING"],
                   "nodes": "viz01", "end_time": {"set": true, "infinite": false, "number": 1767261600}},
                  {"job_id": 4712, "name": "moonlight-bob", "user_name": "bob", "job_state": ["PENDING"],
                   "nodes": "", "end_time": {"set": true, "infinite": false, "number": 0}},
                  {"job_id": 4713, "name": "moonlight-carol", "user_name": "carol", "job_state": ["COMPLETING"],
                   "nodes": "viz02", "end_time": {"set": true, "infinite": false, "number": 1767261600}},
                  {"job_id": 4714, "name": "moonlight-dave", "user_name": "dave", "job_state": ["CANCELLED"],
                   "nodes": "viz02", "end_time": {"set": true, "infinite": false, "number": 1767261600}},
                  {"job_id": 4715, "name": "wrf-run", "user_name": "alice", "job_state": ["RUNNING"], "nodes": "cn01"}
                ]}""";

        List<SchedulerJob> jobs = SqueueJson.moonlightJobs(json);

        Instant end = Instant.ofEpochSecond(1767261600);
        assertEquals(List.of(
                new SchedulerJob("4711", "moonlight-alice", "alice", JobState.RUNNING, "RUNNING", Optional.of("viz01"), Optional.of(end)),
                new SchedulerJob("4712", "moonlight-bob", "bob", JobState.PENDING, "PENDING", Optional.empty(), Optional.empty()),
                new SchedulerJob("4713", "moonlight-carol", "carol", JobState.STOPPING, "COMPLETING", Optional.of("viz02"), Optional.of(end)),
                new SchedulerJob("4714", "moonlight-dave", "dave", JobState.GONE, "CANCELLED", Optional.of("viz02"), Optional.of(end))),
                jobs);
    }

    @Test
    void timeLimitsAreWrittenAsSlurmTimes() {
        assertEquals("4:00:00", SlurmScheduler.slurmTime(java.time.Duration.ofHours(4)));
        assertEquals("0:01:30", SlurmScheduler.slurmTime(java.time.Duration.ofSeconds(90)));
    }
}
