package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.scheduler.Scheduler;
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
 * The session services of a site, over one store and one scheduler, as the CLI and the gateway use
 * them: each front end takes only the parts it needs (launching, stopping, the reconciled queries,
 * the stored lookups, pairing, logs). {@link #open} builds them as the configuration describes: the
 * configured scheduler, submitting as the user from this process (root: runuser; a service account:
 * sudo -n), templates with the site's overrides, and the launcher the job runs.
 */
public final class SiteSessionService {
    /** Set by the moonlight launcher to its own path: the command session jobs run by default. */
    public static final String LAUNCHER_VARIABLE = "MOONLIGHT_LAUNCHER";

    private final MoonlightConfig config;
    private final UserDirectory directory;
    private final SessionLauncher launcher;
    private final SessionStopper stopper;
    private final SessionLookup lookup;
    private final SessionQueries queries;
    private final SessionPairing pairing;
    private final SessionLogs logs;
    private final SessionStore store;
    private final Clock clock;

    public SiteSessionService(MoonlightConfig config, SessionStore store, Scheduler scheduler, CommandRunner runner,
            UserSwitch users, SessionJobScript script, Clock clock, SessionIds ids) {
        this.config = config;
        this.directory = new UserDirectory(runner);
        SessionFiles files = new SessionFiles(runner, users);
        this.launcher = new SessionLauncher(config, store, scheduler, directory, files, script, clock, ids);
        this.lookup = new SessionLookup(config, store, clock);
        this.stopper = new SessionStopper(lookup, store, scheduler, clock);
        this.queries = new SessionQueries(lookup, store, new Reconciler(config, store, scheduler, clock), clock);
        this.pairing = new SessionPairing(queries, files);
        this.logs = new SessionLogs(config, queries, files);
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param configFile the configuration file this process read, when not the default one: the job's
     *     supervisor reads it too unless {@code sessions.job_config} names another
     * @param env this process's environment, for the launcher's path
     */
    public static SiteSessionService open(MoonlightConfig config, Optional<Path> configFile, SessionStore store,
            CommandRunner runner, Clock clock, Map<String, String> env) {
        UserSwitch users = UserSwitch.ofThisProcess();
        return new SiteSessionService(config, store, SchedulerFactory.of(config, runner, users, clock), runner, users,
                new SessionJobScript(new TemplateRenderer(config.paths().siteDir()),
                        () -> launcher(config, env), jobConfig(config, configFile)),
                clock, new SessionIds(clock, new SecureRandom()));
    }

    /** A login on this host as a caller: root and members of {@code sessions.admin_group} are admins. */
    public Caller caller(String login) {
        String group = config.sessions().adminGroup();
        return new Caller(login, "root".equals(login) || (!group.isEmpty() && directory.inGroup(login, group)));
    }

    public SessionLauncher launcher() {
        return launcher;
    }

    public SessionStopper stopper() {
        return stopper;
    }

    /** Sessions as stored, never written: the gateway's reads. */
    public SessionLookup lookup() {
        return lookup;
    }

    /** Sessions reconciled with the scheduler: {@code session list/show}. */
    public SessionQueries queries() {
        return queries;
    }

    public SessionPairing pairing() {
        return pairing;
    }

    /** {@code adminsShareOthers}: whether admins share other users' sessions (the CLI: yes; the API: by configuration). */
    public SessionSharing sharing(boolean adminsShareOthers) {
        return new SessionSharing(store, clock, config.gateway().publicUrl(), adminsShareOthers);
    }

    public SessionLogs logs() {
        return logs;
    }

    /** sessions.job_config, else the file this process read (empty: the default file). */
    static Optional<Path> jobConfig(MoonlightConfig config, Optional<Path> configFile) {
        return Optional.ofNullable(config.sessions().jobConfig()).or(() -> configFile);
    }

    /** sessions.launcher, else the launcher running this process. */
    public static Path launcher(MoonlightConfig config, Map<String, String> env) {
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
