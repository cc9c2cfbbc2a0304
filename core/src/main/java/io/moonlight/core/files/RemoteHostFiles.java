package io.moonlight.core.files;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.util.Optional;

/**
 * {@link HostFiles} on another host, through plain POSIX tools run by a command runner (over SSH):
 * no shell strings, content passed on standard input.
 */
public final class RemoteHostFiles implements HostFiles {
    private final CommandRunner runner;

    public RemoteHostFiles(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Optional<String> read(String path) {
        if (!exists(path)) {
            return Optional.empty();
        }
        ExecResult result = runner.run(ExternalCommand.of("cat", "--", path).asReadOnly())
                .orFail("cannot read " + path + " on " + host(), "check the file's permissions on " + host());
        return Optional.of(result.stdout());
    }

    @Override
    public void writeAtomically(String path, String content, String octalMode) {
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        String temp = dir + "." + path.substring(dir.length()) + ".moonlight-tmp";
        String hint = "check that " + dir + " is writable on " + host();
        run(ExternalCommand.of("mkdir", "-p", "--", dir), "cannot create " + dir, hint);
        run(ExternalCommand.of("tee", "--", temp).withStdin(content), "cannot write " + temp, hint);
        run(ExternalCommand.of("chmod", octalMode, "--", temp), "cannot set the mode of " + temp, hint);
        run(ExternalCommand.of("mv", "-f", "--", temp, path), "cannot move " + temp + " to " + path, hint);
    }

    @Override
    public void copy(String path, String copy) {
        run(ExternalCommand.of("cp", "-p", "--", path, copy), "cannot copy " + path + " to " + copy,
                "check that the directory is writable on " + host());
    }

    @Override
    public boolean exists(String path) {
        return runner.run(ExternalCommand.of("test", "-e", path).asReadOnly()).succeeded();
    }

    @Override
    public Optional<String> mode(String path) {
        if (!exists(path)) {
            return Optional.empty();
        }
        ExecResult result = runner.run(ExternalCommand.of("stat", "-c", "%a", "--", path).asReadOnly())
                .orFail("cannot read the mode of " + path + " on " + host(), "check the directory's permissions on " + host());
        return Optional.of(result.stdout().strip());
    }

    @Override
    public void delete(String path) {
        run(ExternalCommand.of("rm", "-f", "--", path), "cannot remove " + path, "remove it by hand on " + host());
    }

    @Override
    public String host() {
        return runner.target();
    }

    private void run(ExternalCommand command, String what, String hint) {
        runner.run(command).orFail(what + " on " + host(), hint);
    }
}
