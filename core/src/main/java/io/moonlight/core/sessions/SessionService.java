package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.scheduler.JobRequest;
import io.moonlight.core.scheduler.JobState;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts, stops, lists and shows sessions over a {@link SessionStore} and a {@link Scheduler}. A
 * start checks everything first and changes nothing on bad input; once the session is stored,
 * any failure leaves it FAILED with the reason and removes what was made (job, directory).
 * Admins act on every session; other users only on their own (another's is "no such session").
 */
public final class SessionService {
    private static final Duration POLL = Duration.ofMillis(250);
    /** How often a waiting command asks the scheduler (squeue) again. */
    private static final Duration SCHEDULER_POLL = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final MoonlightConfig config;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final UserDirectory directory;
    private final SessionFiles files;
    private final UserSessionsDirectory userDirectory;
    private final TemplateRenderer renderer;
    private final Clock clock;
    private final SessionIds ids;
    private final Supplier<Path> launcher;
    private final Optional<Path> configFile;

    /**
     * @param launcher the moonlight command the job runs (must exist at this path on the nodes); asked
     *     for only when a session starts
     * @param configFile the configuration file the job's supervisor reads, when not the default one
     */
    public SessionService(MoonlightConfig config, SessionStore store, Scheduler scheduler, CommandRunner runner,
            UserSwitch users, TemplateRenderer renderer, Clock clock, SessionIds ids, Supplier<Path> launcher,
            Optional<Path> configFile) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.directory = new UserDirectory(runner);
        this.files = new SessionFiles(runner, users);
        this.userDirectory = new UserSessionsDirectory(files);
        this.renderer = renderer;
        this.clock = clock;
        this.ids = ids;
        this.launcher = launcher;
        this.configFile = configFile;
    }

    /** A login on this host as a caller: root and members of {@code sessions.admin_group} are admins. */
    public Caller caller(String login) {
        String group = config.sessions().adminGroup();
        return new Caller(login, "root".equals(login) || (!group.isEmpty() && directory.inGroup(login, group)));
    }

    public Session start(Caller caller, StartRequest request) {
        String user = Names.user(request.requestedUser().orElse(caller.name()));
        if (!caller.mayActOn(user)) {
            throw MoonlightException.badInput("only admins may start a session for another user (" + user + ")",
                    "leave out --user, or ask an admin (root or group "
                            + (config.sessions().adminGroup().isEmpty() ? "sessions.admin_group" : config.sessions().adminGroup())
                            + ")");
        }
        SessionSpec spec = request.spec();
        config.image(spec.image());
        long maxHours = config.slurm().maxWallDuration().duration().toHours();
        if (spec.hours() > maxHours) {
            throw MoonlightException.badInput(spec.hours() + " hours is longer than the QoS allows (" + maxHours + ")",
                    "ask for 1 to " + maxHours + " hours (slurm.max_wall " + config.slurm().maxWall() + ")");
        }
        UserDirectory.Account account = checkUser(user);
        scheduler.preflight();

        String id = ids.next(user);
        SessionPaths paths = SessionPaths.of(config.paths(), user, id);
        String script = renderer.render(SessionJobModel.TEMPLATE, SessionJobModel.of(id, user,
                config.slurm().graceSeconds(), launcher.get(), configFile, paths));
        userDirectory.prepare(user, account.uid(), paths.directory().root(), paths.dir().getParent());
        String token = SessionToken.generate();
        store.create(Session.pending(id, user, spec, SessionToken.hash(token), clock.instant()),
                config.sessions().maxPerUser());
        return submit(store.get(id).orElseThrow(), paths, script, token);
    }

    private Session submit(Session session, SessionPaths paths, String script, String token) {
        String user = session.user();
        boolean dirMade = false;
        String jobId = null;
        try {
            files.createPrivateDirectories(user, List.of(paths.dir(), paths.logDir()));
            dirMade = true;
            files.write(user, paths.tokenFile(), token);
            jobId = scheduler.submit(new JobRequest(user, script, paths.dir(), paths.jobLog(),
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

    /** Stops the session: cancels its job, STOPPING, and ENDED as soon as the job is gone. */
    public Session stop(Caller caller, String id) {
        Session session = visible(caller, id);
        if (session.state().isFinal()) {
            return session;
        }
        if (session.state() != SessionState.STOPPING) {
            Optional<Session> moved = store.transition(id, session.state(), SessionState.STOPPING, "stopped by " + caller.name());
            if (moved.isEmpty()) {
                // Moved meanwhile (e.g. the supervisor reported READY): try again from where it is now.
                return stop(caller, id);
            }
            session = moved.get();
        }
        if (session.jobId().isPresent()) {
            String jobId = session.jobId().get();
            scheduler.cancel(jobId, session.user());
            Instant deadline = clock.instant().plus(STOP_WAIT);
            while (jobActive(jobId) && clock.instant().isBefore(deadline)) {
                sleep(POLL);
            }
            if (jobActive(jobId)) {
                // Still ending: list or cleanup ends the session once the job is gone.
                return session;
            }
        }
        return store.transition(id, SessionState.STOPPING, SessionState.ENDED, "stopped by " + caller.name())
                .or(() -> store.get(id)).orElseThrow();
    }

    /**
     * The caller's sessions (an admin's: everyone's, or {@code user}'s), reconciled with the
     * scheduler; with {@code all}, ended and failed ones too.
     */
    public SessionListing list(Caller caller, boolean all, Optional<String> user) {
        user.ifPresent(Names::user);
        if (user.isPresent() && !caller.mayActOn(user.get())) {
            throw MoonlightException.badInput("only admins may list the sessions of another user (" + user.get() + ")",
                    "leave out --user");
        }
        Optional<String> scope = user.or(() -> caller.admin() ? Optional.empty() : Optional.of(caller.name()));
        List<SchedulerJob> jobs = scheduler.jobs();
        Map<String, SchedulerJob> byId = jobs.stream().collect(Collectors.toMap(SchedulerJob::id, Function.identity(),
                (a, b) -> a));
        List<Disagreement> disagreements = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (Session session : scope.map(store::listByUser).orElseGet(store::list)) {
            Session now = reconcile(session, Optional.ofNullable(session.jobId().map(byId::get).orElse(null)),
                    disagreements);
            if (all || now.state().isActive()) {
                sessions.add(now);
            }
        }
        Set<String> owned = new HashSet<>();
        for (Session session : store.list()) {
            if (session.state().isActive()) {
                session.jobId().ifPresent(owned::add);
            }
        }
        List<SchedulerJob> orphans = jobs.stream()
                .filter(j -> j.state().isActive() && !owned.contains(j.id()))
                .filter(j -> scope.map(u -> u.equals(j.user())).orElse(true))
                .toList();
        for (SchedulerJob orphan : orphans) {
            disagreements.add(new Disagreement("", orphan.id(), "job " + orphan.id() + " (" + orphan.name() + ", "
                    + orphan.detail() + ") has no live session"));
        }
        return new SessionListing(sessions, disagreements, orphans);
    }

    /**
     * The caller's sessions (an admin's: all) as stored, without asking the scheduler: for frequent
     * readers such as the gateway's API. The supervisors' reports and cleanup keep the store current.
     * With {@code all}, ended and failed ones too.
     */
    public List<Session> stored(Caller caller, boolean all) {
        List<Session> sessions = caller.admin() ? store.list() : store.listByUser(caller.name());
        return all ? sessions : sessions.stream().filter(s -> s.state().isActive()).toList();
    }

    /**
     * One session with where to reach it, as stored (no scheduler call: for frequent readers such as
     * the portal); another user's is "no such session", exactly like a missing one.
     */
    public SessionDetails storedDetails(Caller caller, String id) {
        return details(visible(caller, id), Optional.empty());
    }

    public SessionDetails show(Caller caller, String id) {
        Session stored = visible(caller, id);
        Optional<SchedulerJob> job = stored.jobId().flatMap(jobId -> scheduler.jobs().stream()
                .filter(j -> j.id().equals(jobId)).findFirst());
        return details(reconcile(stored, job, new ArrayList<>()), job);
    }

    /**
     * The time left runs to the job's end as the scheduler says, else from when the job started
     * (the session became STARTING) for the hours asked; a session still PENDING has them all.
     */
    private SessionDetails details(Session session, Optional<SchedulerJob> job) {
        boolean sunshine = config.supervisor().runsSunshine();
        Optional<Integer> basePort = sunshine ? session.sunshineBasePort().stream().boxed().findFirst() : Optional.empty();
        Optional<String> address = session.node().flatMap(node -> basePort.map(port -> node + ":" + port));
        Optional<Integer> webUi = basePort.map(port -> port + 1);
        Duration hours = Duration.ofHours(session.spec().hours());
        Optional<Duration> timeLeft = session.state().isActive()
                ? Optional.of(job.flatMap(SchedulerJob::endsAt)
                        .or(() -> session.history().stream().filter(c -> c.state() == SessionState.STARTING)
                                .findFirst().map(started -> started.at().plus(hours)))
                        .map(end -> Duration.between(clock.instant(), end))
                        .map(left -> left.isNegative() ? Duration.ZERO : left)
                        .orElse(hours))
                : Optional.empty();
        String url = config.gateway().publicUrl().replaceAll("/+$", "") + "/moonlight/?session=" + session.id();
        return new SessionDetails(session, job, SessionPaths.of(config.paths(), session.user(), session.id()), address,
                webUi, url, timeLeft, sunshine);
    }

    /**
     * Waits until the session is READY, or has ended or failed, checking the scheduler on the way
     * (a job that went away ends the wait too); an error when {@code timeout} passes first.
     */
    public Session awaitReady(Caller caller, String id, Duration timeout) {
        return awaitReady(caller, id, timeout, session -> { });
    }

    /** As {@link #awaitReady(Caller, String, Duration)}, handing {@code seen} the session as each check found it. */
    public Session awaitReady(Caller caller, String id, Duration timeout, Consumer<Session> seen) {
        Instant deadline = clock.instant().plus(timeout);
        Instant askScheduler = clock.instant();
        while (true) {
            // The store (where the supervisor reports READY) often; the scheduler (squeue) once a second.
            Session session;
            if (clock.instant().isBefore(askScheduler)) {
                session = visible(caller, id);
            } else {
                session = show(caller, id).session();
                askScheduler = clock.instant().plus(SCHEDULER_POLL);
            }
            seen.accept(session);
            if (session.state() == SessionState.READY || session.state().isFinal()) {
                return session;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw MoonlightException.failed("session " + id + " is not READY after " + timeout.toSeconds() + " s (it is "
                        + session.state() + ")", "see its log: 'moonlight session logs " + id + "'");
            }
            sleep(POLL);
        }
    }

    /**
     * The job's log, line by line. With {@code follow}, new lines too, until the session is over
     * (or its time is up).
     */
    public void logs(Caller caller, String id, boolean follow, Consumer<String> lines) {
        SessionDetails details = show(caller, id);
        Session session = details.session();
        Path log = details.paths().jobLog();
        if (!follow) {
            Optional<String> text = files.read(session.user(), log);
            text.ifPresent(t -> t.lines().forEach(lines));
            if (text.isEmpty()) {
                throw MoonlightException.failed("session " + id + " has no log yet (" + log + ")",
                        session.state().isActive() ? "the job writes it once it runs; try again or use --follow"
                                : "the session ended before its job ran: 'moonlight session show " + id + "'");
            }
            return;
        }
        Duration limit = details.timeLeft().orElse(Duration.ZERO).plusSeconds(config.slurm().graceSeconds() + 60L);
        ExecutorService follower = Executors.newSingleThreadExecutor();
        Future<?> tail = follower.submit(() -> files.follow(session.user(), log, limit, lines));
        try {
            while (!tail.isDone() && show(caller, id).session().state().isActive()) {
                sleep(SCHEDULER_POLL);
            }
            // Lines written just before the end still reach the reader.
            sleep(SCHEDULER_POLL);
        } finally {
            tail.cancel(true);
            follower.shutdownNow();
        }
    }

    /**
     * Gives the PIN a Moonlight client shows to the session's Sunshine, with the session's own web
     * UI login, so the client finishes pairing.
     */
    public void pair(Caller caller, String id, String pin) {
        if (pin == null || !pin.matches("[0-9]{4}")) {
            throw MoonlightException.badInput("the PIN must be the 4 digits Moonlight shows",
                    "e.g. 'moonlight session pair " + id + " --pin 1234'");
        }
        SessionDetails details = show(caller, id);
        Session session = details.session();
        if (!details.sunshine()) {
            throw new SessionConflictException("session " + id + " runs no Sunshine to pair with: supervisor.sunshine is empty",
                    "install Sunshine on the nodes and set supervisor.sunshine (e.g. [sunshine])");
        }
        if (session.state() != SessionState.READY || details.webUiPort().isEmpty() || session.node().isEmpty()) {
            throw new SessionConflictException("session " + id + " is " + session.state() + ", not READY: no Sunshine to pair with",
                    session.state().isActive() ? "wait until it is READY: 'moonlight session show " + id + "'"
                            : "start a new session");
        }
        SessionPaths paths = details.paths();
        String login = files.read(session.user(), paths.sunshineLogin()).orElseThrow(() -> missing(id,
                paths.sunshineLogin()));
        String certificate = files.read(session.user(), paths.sunshineCertificate()).orElseThrow(() -> missing(id,
                paths.sunshineCertificate()));
        SunshinePairing.send(id, session.node().get(), details.webUiPort().get(), SunshinePairing.login(login),
                certificate, pin, session.user());
    }

    private static MoonlightException missing(String id, Path file) {
        return MoonlightException.failed("session " + id + " has no " + file.getFileName() + " (" + file + ")",
                "its supervisor writes it on start: see 'moonlight session logs " + id + "'");
    }

    /**
     * The session as the scheduler sees it: a live session whose job is gone has ended; one
     * whose job runs is at least STARTING, on the job's node.
     */
    private Session reconcile(Session session, Optional<SchedulerJob> job, List<Disagreement> disagreements) {
        if (session.state().isFinal() || session.jobId().isEmpty()) {
            return session;
        }
        String jobId = session.jobId().get();
        if (job.isEmpty() || !job.get().state().isActive()) {
            String detail = job.map(j -> " (" + j.detail() + ")").orElse("");
            String reason = "job " + jobId + " is gone from " + scheduler.name() + detail;
            Optional<Session> ended = store.transition(session.id(), session.state(), SessionState.ENDED, reason);
            if (ended.isPresent() && session.state() != SessionState.STOPPING) {
                disagreements.add(new Disagreement(session.id(), jobId, "session " + session.id() + " was "
                        + session.state() + " but " + reason + ": now ENDED"));
            }
            return ended.or(() -> store.get(session.id())).orElseThrow();
        }
        if (job.get().state() == JobState.RUNNING && session.state() == SessionState.PENDING) {
            job.get().node().ifPresent(node -> store.setPlacement(session.id(), Optional.empty(), Optional.of(node)));
            return store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "job " + jobId + " runs")
                    .or(() -> store.get(session.id())).orElseThrow();
        }
        return session;
    }

    private Session visible(Caller caller, String id) {
        Session session = store.get(SessionIds.check(id)).orElseThrow(() -> new UnknownSessionException(id));
        if (!caller.mayActOn(session.user())) {
            throw new UnknownSessionException(id);
        }
        return session;
    }

    private boolean jobActive(String jobId) {
        return scheduler.jobs().stream().anyMatch(j -> j.id().equals(jobId) && j.state().isActive());
    }

    /** Undoing after a failure: the first error is the one to report. */
    private static <T> void quietly(T target, Consumer<T> undo) {
        try {
            undo.accept(target);
        } catch (RuntimeException ignored) {
            // The original failure is what the caller needs to see.
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while waiting", null);
        }
    }
}
