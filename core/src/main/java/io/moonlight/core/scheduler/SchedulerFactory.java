package io.moonlight.core.scheduler;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import java.time.Clock;
import java.time.Duration;

/** The scheduler the configuration names (sessions.scheduler). */
public final class SchedulerFactory {
    private SchedulerFactory() {
    }

    public static Scheduler of(MoonlightConfig config, CommandRunner runner, UserSwitch users, Clock clock) {
        return switch (config.sessions().scheduler()) {
            case "slurm" -> new SlurmScheduler(runner, config.slurm(), users);
            case "local" -> new LocalScheduler(config.paths().stateDir().resolve("local-jobs"),
                    Duration.ofSeconds(config.slurm().graceSeconds()), runner, users, clock);
            default -> throw new IllegalArgumentException("scheduler " + config.sessions().scheduler());
        };
    }
}
