package io.moonlight.core.sessions;

import io.moonlight.core.config.PathsConfig;
import io.moonlight.core.supervisor.SessionDirectory;
import io.moonlight.core.supervisor.SunshineFiles;
import java.nio.file.Path;

/**
 * What the session commands use of a session's directory ({@link SessionDirectory}, shared with the
 * supervisor: {@code <paths.session_root>/sunshine_<user>/<id>/}, mode 0700, the user's): the token
 * file, the job's log, and what the supervisor leaves there for pairing (Sunshine's
 * web UI login and certificate).
 */
public record SessionPaths(SessionDirectory directory) {

    public static SessionPaths of(PathsConfig paths, String user, String id) {
        return new SessionPaths(SessionDirectory.of(paths, user, id));
    }

    public Path dir() {
        return directory.dir();
    }

    public Path tokenFile() {
        return directory.file("session.token");
    }

    public Path logDir() {
        return directory.logDir();
    }

    /** The job's standard output and error. */
    public Path jobLog() {
        return directory.log("job.log");
    }

    /** Sunshine's web UI login as the supervisor wrote it (JSON with "user" and "password"). */
    public Path sunshineLogin() {
        return SunshineFiles.webUiLogin(directory);
    }

    /** The certificate the session's Sunshine serves: the pairing request trusts exactly it. */
    public Path sunshineCertificate() {
        return SunshineFiles.certificate(directory);
    }
}
