package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.JobRequest;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts sessions. A start checks everything first and changes nothing on bad input (the request's
 * values, who may start for whom, the user's account and directory, what the scheduler needs); once
 * the session is stored, any failure leaves it FAILED with the reason and removes what was made
 * (job, directory).
 */
public final class SessionLauncher {
    private final MoonlightConfig config;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final UserDirectory directory;
    private final SessionFiles files;
    private final UserSessionsDirectory userDirectory;
    private final SessionJobScript script;
    private final Clock clock;
    private final SessionIds ids;

    SessionLauncher(MoonlightConfig config, SessionStore store, Scheduler scheduler, UserDirectory directory,
            SessionFiles files, SessionJobScript script, Clock clock, SessionIds ids) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.directory = directory;
        this.files = files;
        this.userDirectory = new UserSessionsDirectory(files);
        this.script = script;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * What can be checked of a request with the configuration alone, before any store, scheduler or
     * account is asked: the user's name, each value, the image being configured, the hours within the
     * QoS. Bad input throws.
     */
    public static SessionSpec check(MoonlightConfig config, StartRequest request) {
        request.requestedUser().ifPresent(Names::user);
        SessionSpec spec = request.spec();
        config.image(spec.image());
        long maxHours = config.slurm().maxWallDuration().duration().toHours();
        if (spec.hours() > maxHours) {
            throw MoonlightException.badInput(spec.hours() + " hours is longer than the QoS allows (" + maxHours + ")",
                    "ask for 1 to " + maxHours + " hours (slurm.max_wall " + config.slurm().maxWall() + ")");
        }
        return spec;
    }

    public Session start(Caller caller, StartRequest request) {
        SessionSpec spec = check(config, request);
        String user = request.requestedUser().orElse(caller.name());
        if (!caller.mayActOn(user)) {
            throw MoonlightException.badInput("only admins may start a session for another user (" + user + ")",
                    "leave out --user, or ask an admin (root or group "
                            + (config.sessions().adminGroup().isEmpty() ? "sessions.admin_group" : config.sessions().adminGroup())
                            + ")");
        }
        UserDirectory.Account account = checkUser(user);
        scheduler.preflight();

        String id = ids.next(user);
        SessionPaths paths = SessionPaths.of(config.paths(), user, id);
        String job = script.render(id, user, config.slurm().graceSeconds(), paths);
        userDirectory.prepare(user, account.uid(), paths.directory().root(), paths.dir().getParent());
        String token = SessionToken.generate();
        store.create(Session.pending(id, user, spec, SessionToken.hash(token), clock.instant()),
                config.sessions().maxPerUser());
        return submit(store.get(id).orElseThrow(), paths, job, token);
    }

    private Session submit(Session session, SessionPaths paths, String job, String token) {
        String user = session.user();
        boolean dirMade = false;
        String jobId = null;
        try {
            files.createPrivateDirectories(user, List.of(paths.dir(), paths.logDir()));
            dirMade = true;
            files.write(user, paths.tokenFile(), token);
            jobId = scheduler.submit(new JobRequest(user, job, paths.dir(), paths.jobLog(),
                    Duration.ofHours(session.spec().hours())));
            return store.setPlacement(session.id(), Optional.of(jobId), Optional.empty());
        } catch (RuntimeException e) {
            if (jobId != null) {
                quietly(jobId, id -> scheduler.cancel(id, user));
            }
            if (dirMade) {
                quietly(paths, p -> files.remove(user, p));
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            quietly(session.id(), id -> store.transition(id, SessionState.PENDING, SessionState.FAILED, reason));
            throw e;
        }
    }

    private UserDirectory.Account checkUser(String user) {
        UserDirectory.Account account = directory.account(user).orElseThrow(() -> MoonlightException.badInput(
                "no user '" + user + "' on this system", "check the name with 'getent passwd " + user + "'"));
        if (account.uid() < config.sessions().minUid()) {
            throw MoonlightException.badInput("user " + user + " (uid " + account.uid() + ") is a system account",
                    "desktops are for users with uid " + config.sessions().minUid() + " or more (sessions.min_uid)");
        }
        if (!account.canLogIn()) {
            throw MoonlightException.badInput("user " + user + " has no login shell (" + account.shell()
                    + "): a service account", "desktops are for people who log in; check 'getent passwd " + user + "'");
        }
        return account;
    }

    /** Undoing after a failure: the first error is the one to report. */
    private static <T> void quietly(T target, Consumer<T> undo) {
        try {
            undo.accept(target);
        } catch (RuntimeException ignored) {
            // The original failure is what the caller needs to see.
        }
    }
}
