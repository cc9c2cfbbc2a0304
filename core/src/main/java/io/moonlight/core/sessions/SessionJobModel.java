package io.moonlight.core.sessions;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.SessionIds;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model of {@code templates/slurm/session.sbatch.ftl}: what the job needs to exec the session's
 * supervisor. Paths are already quoted for the shell (a configured path may hold spaces); id and
 * user are checked names and need no quoting.
 */
public record SessionJobModel(String sessionId, String user, int graceSeconds, String launcher, String configFile,
        String sessionDir, String tokenFile) {
    public static final String TEMPLATE = "templates/slurm/session.sbatch.ftl";

    public static SessionJobModel of(String sessionId, String user, int graceSeconds, Path launcher,
            Optional<Path> configFile, SessionPaths paths) {
        return new SessionJobModel(SessionIds.check(sessionId), Names.user(user), graceSeconds, quote(launcher),
                configFile.map(SessionJobModel::quote).orElse(""), quote(paths.dir()), quote(paths.tokenFile()));
    }

    private static String quote(Path path) {
        return ExternalCommand.shellQuote(path.toString());
    }
}
