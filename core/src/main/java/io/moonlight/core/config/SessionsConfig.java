package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;

import java.util.Set;

/**
 * How sessions are started: the scheduler (Slurm, or processes on this host), how many active
 * sessions one user may hold, who counts as an admin (root, or members of {@code admin_group}), the
 * lowest uid that gets a desktop, the moonlight launcher the job runs, and how long
 * {@code session start --wait} waits for READY.
 */
public record SessionsConfig(String scheduler, Integer maxPerUser, String adminGroup, Integer minUid,
        String launcher, Integer readyTimeoutSeconds) {
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
        launcher = orDefault(launcher, "");
        if (!launcher.isEmpty()) {
            ConfigRules.absolutePath("sessions.launcher", launcher, null);
        }
        readyTimeoutSeconds = atLeast("sessions.ready_timeout_seconds", readyTimeoutSeconds, 300, 1,
                "wait at least one second");
    }
}
