package io.moonlight.core.sessions;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.exec.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A session's directory and files, made by the session's user (through {@link UserSwitch}) so that
 * they are the user's own, also when moonlight runs as a service account: the directory and its
 * logs directory with mode 0700, each file created empty with mode 0600 before anything is written
 * into it. Contents go through standard input, never on a command line.
 */
final class SessionFiles {
    private final CommandRunner runner;
    private final UserSwitch users;

    SessionFiles(CommandRunner runner, UserSwitch users) {
        this.runner = runner;
        this.users = users;
    }

    /**
     * Creates the directories, in this order, each with mode 0700, as the user; an existing one is an
     * error (session ids are never reused, and the user's directory is created only when missing).
     */
    void createPrivateDirectories(String user, List<Path> dirs) {
        List<String> mkdir = new ArrayList<>(List.of("mkdir", "-m", "0700", "--"));
        dirs.forEach(dir -> mkdir.add(dir.toString()));
        run(user, mkdir, "creating " + dirs.get(0));
    }

    void write(String user, Path file, String content) {
        run(user, List.of("install", "-m", "0600", "/dev/null", file.toString()), "creating " + file);
        runner.run(ExternalCommand.of(users.argv(user, List.of("dd", "of=" + file, "status=none")))
                .withStdin(content)).orFail("writing " + file, "check that the session directory is the user's");
    }

    /** Removes the session's directory and everything in it. */
    void remove(String user, SessionPaths paths) {
        run(user, List.of("rm", "-rf", "--", paths.dir().toString()), "removing " + paths.dir());
    }

    /** The file's content, read as the user; empty when the file does not exist (yet). */
    Optional<String> read(String user, Path file) {
        ExecResult result = runner.run(ExternalCommand.of(users.argv(user, List.of("cat", "--", file.toString())))
                .asReadOnly());
        if (!result.succeeded() && result.stderr().contains("No such file")) {
            return Optional.empty();
        }
        return Optional.of(result.orFail("reading " + file + " as " + user,
                "check that the session directory is the user's").stdout());
    }

    /** Follows the file as it grows (also once it appears), until {@code timeout} or an interrupt. */
    void follow(String user, Path file, Duration timeout, Consumer<String> lines) {
        runner.run(ExternalCommand.of(users.argv(user, List.of("tail", "-n", "+1", "-F", "--", file.toString())))
                .asReadOnly().withTimeout(timeout).onOutputLine(lines));
    }

    private void run(String user, List<String> command, String what) {
        runner.run(ExternalCommand.of(users.argv(user, command)))
                .orFail(what + " as " + user, "check that " + user + " may write below paths.session_root");
    }
}
