package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionState;
import java.nio.file.Path;

/**
 * Lets a Moonlight client pair with a session's Sunshine: gives the PIN the client shows to Sunshine
 * ({@link SunshinePairing}) with the session's own web UI login, read as the session's user.
 */
public final class SessionPairing {
    private final SessionQueries queries;
    private final SessionFiles files;

    SessionPairing(SessionQueries queries, SessionFiles files) {
        this.queries = queries;
        this.files = files;
    }

    /** Checks the PIN's form alone, before any service is asked. */
    public static void checkPin(String id, String pin) {
        if (pin == null || !pin.matches("[0-9]{4}")) {
            throw MoonlightException.badInput("the PIN must be the 4 digits Moonlight shows",
                    "e.g. 'moonlight session pair " + id + " --pin 1234'");
        }
    }

    public void pair(Caller caller, String id, String pin) {
        checkPin(id, pin);
        SessionDetails details = queries.show(caller, id);
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
}
