package io.moonlight.core.session;

import io.moonlight.core.config.ConfigPaths;
import io.moonlight.core.config.PathsConfig;
import java.nio.file.Path;

/**
 * Where one session's files live: {@code <paths.session_root>/sunshine_<user>/<id>/} (mode 0700,
 * the user's), with the batch script, the token file, the logs directory the job writes into, and
 * what the supervisor leaves for the commands (Sunshine's web UI login and certificate).
 */
public record SessionPaths(Path dir) {

    public static SessionPaths of(PathsConfig paths, String user, String id) {
        return new SessionPaths(ConfigPaths.resolve(paths.sessionRoot())
                .resolve("sunshine_" + Names.user(user)).resolve(SessionIds.check(id)));
    }

    public Path script() {
        return dir.resolve("session.sbatch");
    }

    public Path tokenFile() {
        return dir.resolve("session.token");
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    /**
     * Sunshine's web UI login, written by the session's supervisor (mode 0600): JSON
     * {@code {"username": "...", "password": "..."}}, a random password per session.
     */
    public Path sunshineCredentials() {
        return dir.resolve("sunshine/webui.json");
    }

    /** The certificate the session's Sunshine serves (its {@code cert} setting): clients pin it. */
    public Path sunshineCertificate() {
        return dir.resolve("sunshine/cert.pem");
    }

    /** The job's standard output and error. */
    public Path jobLog() {
        return logDir().resolve("job.log");
    }
}
