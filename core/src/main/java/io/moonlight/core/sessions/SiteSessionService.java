package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.scheduler.SchedulerFactory;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SessionService} a site's configuration describes, as the CLI and the gateway both use
 * it: the configured scheduler, submitting as the user from this process (root: runuser; a service
 * account: sudo -n), templates with the site's overrides, and the launcher the job runs.
 */
public final class SiteSessionService {
    /** Set by the moonlight launcher to its own path: the command session jobs run by default. */
    public static final String LAUNCHER_VARIABLE = "MOONLIGHT_LAUNCHER";

    private SiteSessionService() {
    }

    /**
     * @param configFile the configuration file this process read, when not the default one: the job's
     *     supervisor reads it too unless {@code sessions.job_config} names another
     * @param env this process's environment, for the launcher's path
     */
    public static SessionService open(MoonlightConfig config, Optional<Path> configFile, SessionStore store,
            CommandRunner runner, Clock clock, Map<String, String> env) {
        UserSwitch users = UserSwitch.ofThisProcess();
        return new SessionService(config, store, SchedulerFactory.of(config, runner, users, clock), runner, users,
                new TemplateRenderer(config.paths().siteDir()), clock,
                new SessionIds(clock, new SecureRandom()), () -> launcher(config, env), jobConfig(config, configFile));
    }

    /** sessions.job_config, else the file this process read (empty: the default file). */
    static Optional<Path> jobConfig(MoonlightConfig config, Optional<Path> configFile) {
        return Optional.ofNullable(config.sessions().jobConfig()).or(() -> configFile);
    }

    /** sessions.launcher, else the launcher running this process. */
    static Path launcher(MoonlightConfig config, Map<String, String> env) {
        if (config.sessions().launcher() != null) {
            return config.sessions().launcher();
        }
        String running = env.get(LAUNCHER_VARIABLE);
        if (running == null || running.isBlank()) {
            throw MoonlightException.badInput("no moonlight launcher for the session job",
                    "set sessions.launcher to the moonlight command on the nodes, e.g. /opt/moonlight/bin/moonlight");
        }
        return Path.of(running);
    }
}
