package io.moonlight.core.scheduler;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.Names;
import io.moonlight.core.supervisor.StrayProcesses;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Session jobs as processes on this host, for single-host sites and the demo. A job is the process
 * tree of {@code timeout --kill-after=GRACE LIMIT bash SCRIPT} started as the user, which enforces
 * the time limit as Slurm would; its id is the root's pid, tracked by a file in the jobs directory
 * (with the process's start time, so a reused pid is never taken for the job). Cancel sends
 * SIGTERM to the whole tree, waits up to the grace time and SIGKILLs what is left.
 *
 * <p>The job outlives the command that started it, so it is started directly rather than through
 * the {@link CommandRunner}, which waits for its commands; signals to another user's processes go
 * through the runner ({@code sudo -n -u USER kill}) when this process is not root. As root, the
 * job is started through {@code setpriv} with the user's login environment; it enters its working
 * directory and opens its output file as the user, and reads its script from a pipe, so nothing of
 * the user's directory is opened by this process. A service account that is not the user uses Slurm.
 */
public final class LocalScheduler implements Scheduler {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    /**
     * The job's first steps, taken as the user: the working directory is entered and the output file
     * opened with the user's rights, so a symbolic link the user planted leads only where the user
     * may write anyway. The script itself comes on standard input ({@code bash -s}).
     */
    private static final String ENTER_AS_USER =
            "umask 077 && cd -- \"$1\" && exec >>\"$2\" 2>&1 && shift 2 && exec \"$@\"";

    private final Path jobsDir;
    private final Duration grace;
    private final CommandRunner runner;
    private final UserSwitch users;
    private final Clock clock;

    public LocalScheduler(Path jobsDir, Duration grace, CommandRunner runner, UserSwitch users, Clock clock) {
        this.jobsDir = jobsDir;
        this.grace = grace;
        this.runner = runner;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void preflight() {
        try {
            // Root signals the processes its job files name: no other account may list or plant one.
            Files.createDirectories(jobsDir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } catch (IOException e) {
            throw MoonlightException.unavailable("cannot create the local jobs directory " + jobsDir + ": " + e.getMessage(),
                    "make paths.state_dir writable for this account");
        }
    }

    @Override
    public String submit(JobRequest request) {
        preflight();
        List<String> limited = List.of("timeout", "--signal=TERM", "--kill-after=" + grace.toSeconds() + "s",
                request.timeLimit().toSeconds() + "s", "bash", "-s");
        List<String> command = new ArrayList<>(List.of("sh", "-c", ENTER_AS_USER, "moonlight-job",
                request.workDir().toString(), request.output().toString()));
        command.addAll(limited);
        ProcessBuilder builder = new ProcessBuilder(asUser(request.user(), command));
        // Nothing of this process's environment (which may hold the service's secrets) reaches the job.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        if (users.isSelf(request.user())) {
            builder.environment().put("USER", request.user());
            builder.environment().put("LOGNAME", request.user());
            builder.environment().put("HOME", System.getProperty("user.home"));
        }
        Process process;
        try {
            process = builder.directory(new File("/")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw MoonlightException.failed("cannot start the session job: " + e.getMessage(),
                    "check that setpriv and timeout are installed");
        }
        try (OutputStream script = process.getOutputStream()) {
            script.write(request.script().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            signal(tree(process.toHandle()), "KILL", request.user());
            throw MoonlightException.failed("the session job ended at once: it could not enter its directory or open its "
                    + "log as " + request.user(),
                    "check that " + request.user() + " can enter " + request.workDir() + " and write "
                            + request.output());
        }
        ProcessHandle handle = process.toHandle();
        Instant started = handle.info().startInstant().orElse(Instant.EPOCH);
        LocalJobFile job = new LocalJobFile(String.valueOf(handle.pid()), request.jobName(), request.user(),
                started, clock.instant().plus(request.timeLimit()));
        try {
            job.writeTo(jobsDir);
        } catch (MoonlightException e) {
            signal(tree(handle), "KILL", request.user());
            throw e;
        }
        return job.id();
    }

    @Override
    public List<SchedulerJob> jobs() {
        List<SchedulerJob> jobs = new ArrayList<>();
        for (LocalJobFile job : LocalJobFile.readAll(jobsDir)) {
            if (live(job).isPresent()) {
                jobs.add(new SchedulerJob(job.id(), job.name(), job.user(), JobState.RUNNING, "RUNNING",
                        Optional.of(hostName()), Optional.of(job.endsAt())));
            } else {
                // Ended by itself (or by its time limit): nothing runs, the record is obsolete.
                job.deleteFrom(jobsDir);
            }
        }
        return jobs;
    }

    @Override
    public void cancel(String jobId, String user) {
        Names.jobId(jobId);
        Optional<LocalJobFile> found = LocalJobFile.read(jobsDir, jobId);
        if (found.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> root = live(found.get());
        if (root.isPresent()) {
            Set<ProcessHandle> seen = new LinkedHashSet<>(tree(root.get()));
            signal(seen, "TERM", user);
            Instant deadline = Instant.now().plus(grace);
            while (seen.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                // Children started while stopping belong to the job too.
                seen.addAll(tree(root.get()));
                sleep();
            }
            List<ProcessHandle> left = seen.stream().filter(ProcessHandle::isAlive).toList();
            if (!left.isEmpty()) {
                signal(left, "KILL", user);
            }
        }
        found.get().deleteFrom(jobsDir);
    }

    /**
     * Without the job's root its processes are no tree any more; each still carries the session's
     * marker in its environment ({@link StrayProcesses}).
     */
    @Override
    public int stopLeftovers(String sessionId, String user) {
        List<ProcessHandle> left = StrayProcesses.onThisHost().of(sessionId);
        if (left.isEmpty()) {
            return 0;
        }
        signal(left, "TERM", user);
        Instant deadline = Instant.now().plus(grace);
        while (left.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            sleep();
        }
        List<ProcessHandle> stubborn = left.stream().filter(ProcessHandle::isAlive).toList();
        if (!stubborn.isEmpty()) {
            signal(stubborn, "KILL", user);
        }
        return left.size();
    }

    /**
     * As root through setpriv, which execs the command as the user (runuser would stay in between as
     * a root process that prints its own lines into the job's log when signalled); else as
     * {@link UserSwitch} does.
     */
    private List<String> asUser(String user, List<String> command) {
        if (!users.isRoot() || users.isSelf(user)) {
            return users.argv(user, command);
        }
        String gid = runner.run(ExternalCommand.of("id", "-g", user).asReadOnly())
                .orFail("looking up the group of " + user, "check the name service (getent passwd " + user + ")")
                .stdout().strip();
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + gid, "--init-groups",
                "--reset-env", "--"));
        argv.addAll(command);
        return argv;
    }

    private Optional<ProcessHandle> live(LocalJobFile job) {
        return ProcessHandle.of(Long.parseLong(job.id()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().orElse(Instant.EPOCH).equals(job.startedAt()))
                .filter(p -> !isZombie(p.pid()));
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    /**
     * As root or as the job's own user, signal every process; as a service account through sudo,
     * only the user's own processes (the sudo process itself passes the signal on and exits).
     */
    private void signal(Iterable<ProcessHandle> processes, String signal, String user) {
        boolean direct = users.isRoot() || users.isSelf(user);
        List<String> argv = new ArrayList<>(List.of("kill", "-s", signal));
        for (ProcessHandle p : processes) {
            if (direct || p.info().user().map(user::equals).orElse(false)) {
                argv.add(String.valueOf(p.pid()));
            }
        }
        if (argv.size() > 3) {
            // Some may have exited meanwhile: kill's exit code says nothing useful then.
            runner.run(ExternalCommand.of(direct ? argv : users.argv(user, argv)));
        }
    }

    /** A zombie has ended; PID 1 in a container may reap it late. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while stopping a job", null);
        }
    }
}
