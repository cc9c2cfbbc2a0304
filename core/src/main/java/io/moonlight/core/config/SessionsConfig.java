package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.nio.file.Path;
import java.util.Set;

/**
 * How sessions are started: the scheduler (Slurm, or processes on this host), how many active
 * sessions one user may hold, who counts as an admin (root, or members of {@code admin_group}), the
 * lowest uid that gets a desktop, the moonlight launcher the job runs and the configuration file it
 * reads (readable by every user, so without the secrets a gateway's file holds; either null when not
 * set: the launcher running this command, its configuration file), how long
 * {@code session start --wait} waits for READY, and what {@code moonlight cleanup} allows: how long a
 * session may take to start, how many heartbeats a READY session's supervisor may miss, how many
 * days the directories of ended sessions are kept, and how many days their records stay in the store
 * (never fewer than the directories: cleanup finds a directory through its session's record).
 */
public record SessionsConfig(String scheduler, Integer maxPerUser, String adminGroup, Integer minUid,
        Path launcher, Path jobConfig, Integer readyTimeoutSeconds, Integer startTimeoutSeconds, Integer heartbeatMisses,
        Integer keepDays, Integer keepRecordsDays) {
    private static final Set<String> SCHEDULERS = Set.of("slurm", "local");

    public SessionsConfig {
        scheduler = orDefault(scheduler, "slurm");
        if (!SCHEDULERS.contains(scheduler)) {
            throw ConfigRules.bad("sessions.scheduler", "'" + scheduler + "' is not a scheduler",
                    "use slurm (a cluster) or local (processes on this host)");
        }
        maxPerUser = atLeast("sessions.max_per_user", maxPerUser, 2, 1, "allow each user at least one session");
        adminGroup = orDefault(adminGroup, "");
        if (!adminGroup.isEmpty()) {
            ConfigRules.name("sessions.admin_group", adminGroup, null);
        }
        minUid = atLeast("sessions.min_uid", minUid, 1000, 1, "uid 0 (root) never gets a desktop session");
        launcher = ConfigRules.optionalPath("sessions.launcher", launcher);
        jobConfig = ConfigRules.optionalPath("sessions.job_config", jobConfig);
        readyTimeoutSeconds = atLeast("sessions.ready_timeout_seconds", readyTimeoutSeconds, 300, 1,
                "wait at least one second");
        startTimeoutSeconds = atLeast("sessions.start_timeout_seconds", startTimeoutSeconds, 600, 1,
                "give a session at least one second to start");
        heartbeatMisses = atLeast("sessions.heartbeat_misses", heartbeatMisses, 3, 1,
                "allow at least one missed heartbeat");
        keepDays = atLeast("sessions.keep_days", keepDays, 7, 0, "0 removes ended sessions' directories at once");
        keepRecordsDays = atLeast("sessions.keep_records_days", keepRecordsDays, 90, Math.max(1, keepDays),
                "keep records at least one day and no shorter than sessions.keep_days (" + keepDays + ")");
    }
}
