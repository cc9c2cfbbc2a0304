package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Programs run inside one Apptainer instance of the session's image, named after the session:
 * {@code --nv} binds the node's NVIDIA libraries (NVENC), the session directory is bound so that
 * Sunshine finds its files, and the image stays read-only under a throw-away tmpfs or the user's own
 * overlay (never a per-user sandbox build). With {@code uinput}, /dev/uinput is bound for Sunshine's
 * input (the Xorg display).
 *
 * <p>Each {@code apptainer exec instance://...} stays a child of the supervisor, but the instance itself
 * is kept by Apptainer's own daemonised starter, outside the job's process tree: {@link #stop} must run
 * {@code apptainer instance stop}, and a supervisor killed with SIGKILL leaves the instance to cleanup.
 */
public final class ApptainerRuntime implements SessionRuntime {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private final String binary;
    private final Path image;
    private final String instance;
    private final SessionDirectory dir;
    private final boolean uinput;
    private final Optional<Path> overlay;

    public ApptainerRuntime(String binary, Path image, String instance, SessionDirectory dir, boolean uinput,
            Optional<Path> overlay) {
        this.binary = binary;
        this.image = image;
        this.instance = instance;
        this.dir = dir;
        this.uinput = uinput;
        this.overlay = overlay;
        String imageName = image.getFileName().toString();
        if (!image.isAbsolute() || !imageName.endsWith(".sif") || imageName.toLowerCase().startsWith("vnc")) {
            throw MoonlightException.badInput("'" + image + "' is not a moonlight image",
                    "use an absolute path to a sunshine_*.sif image (vnc_* images belong to the VNC service)");
        }
        if (!instance.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw MoonlightException.badInput("'" + instance + "' is not an instance name", "use the session id");
        }
    }

    public ExternalCommand startCommand() {
        List<String> argv = new ArrayList<>(List.of(binary, "instance", "start", "--nv"));
        overlay.ifPresentOrElse(o -> argv.addAll(List.of("--overlay", o.toString())), () -> argv.add("--writable-tmpfs"));
        argv.addAll(List.of("--bind", dir.dir().toString()));
        if (uinput) {
            argv.addAll(List.of("--bind", "/dev/uinput"));
        }
        argv.addAll(List.of(image.toString(), instance));
        return ExternalCommand.of(argv).withTimeout(START_TIMEOUT);
    }

    public ExternalCommand stopCommand() {
        return ExternalCommand.of(binary, "instance", "stop", instance);
    }

    @Override
    public void start(CommandRunner runner) {
        runner.run(startCommand()).orFail("cannot start the Apptainer instance " + instance + " of " + image,
                "check the image with 'apptainer inspect " + image + "' and that apptainer runs on this node");
    }

    @Override
    public ExternalCommand command(ExternalCommand command) {
        List<String> argv = new ArrayList<>(List.of(binary, "exec", "instance://" + instance));
        argv.addAll(command.argv());
        return new ExternalCommand(argv, command.env(), command.timeout(), command.stdin(), command.workingDir(),
                command.readOnly(), command.outputListener(), command.secrets());
    }

    @Override
    public Optional<String> stop(CommandRunner runner) {
        ExecResult result = runner.run(stopCommand());
        return Optional.of(result.succeeded() ? "stopped the Apptainer instance " + instance
                : "could not stop the Apptainer instance " + instance + ": " + result.complaint());
    }
}
