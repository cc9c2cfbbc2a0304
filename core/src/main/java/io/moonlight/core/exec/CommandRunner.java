package io.moonlight.core.exec;

/**
 * The one way moonlight runs an external program, locally or on another host. Implementations
 * never go through a shell and always apply the command's timeout.
 */
public interface CommandRunner {

    /**
     * Runs the command and returns its result whatever its exit code; throws a
     * {@link io.moonlight.core.MoonlightException} when it cannot be started or times out.
     */
    ExecResult run(ExternalCommand command);

    /** Where the commands run, for messages: "localhost" or a host name. */
    String target();
}
