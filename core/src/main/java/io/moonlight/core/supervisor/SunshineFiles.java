package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.AtomicFiles;
import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one session's Sunshine files into its directory (all 0600, the resize script 0700) and sets
 * the web UI login with {@code sunshine CONF --creds USER PASS}, the one way Sunshine takes it without
 * a prompt. The password is masked wherever that command is shown.
 */
public final class SunshineFiles {
    private final TemplateRenderer renderer;

    public SunshineFiles(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    public static Path conf(SessionDirectory dir) {
        return dir.file("sunshine.conf");
    }

    public static Path apps(SessionDirectory dir) {
        return dir.file("apps.json");
    }

    /** Sunshine's own credentials file (a salted hash); the plain login is in {@link #webUiLogin}. */
    public static Path credentials(SessionDirectory dir) {
        return dir.file("sunshine-credentials.json");
    }

    public static Path webUiLogin(SessionDirectory dir) {
        return dir.file("web-ui-credentials.json");
    }

    /** The TLS certificate Sunshine serves (its {@code cert} setting); pairing trusts exactly it. */
    public static Path certificate(SessionDirectory dir) {
        return dir.file("sunshine-cert.pem");
    }

    public static Path resizeScript(SessionDirectory dir) {
        return dir.file("display-resize.sh");
    }

    public static Path sunshineLog(SessionDirectory dir) {
        return dir.log("sunshine.log");
    }

    /** Renders and writes sunshine.conf, apps.json, the login file and (when used) the resize script. */
    public List<Path> write(SessionDirectory dir, SunshineConfModel conf, SunshineAppsModel apps,
            DisplayResizeModel resize, WebUiCredentialsModel login) {
        List<Path> written = new ArrayList<>();
        written.add(write(conf(dir), renderer.render(SunshineConfModel.TEMPLATE, conf), "rw-------"));
        written.add(write(apps(dir), renderer.render(SunshineAppsModel.TEMPLATE, apps), "rw-------"));
        if (!apps.resizeScript().isEmpty()) {
            written.add(write(resizeScript(dir), renderer.render(DisplayResizeModel.TEMPLATE, resize), "rwx------"));
        }
        written.add(write(webUiLogin(dir), renderer.render(WebUiCredentialsModel.TEMPLATE, login), "rw-------"));
        return written;
    }

    /** The command that stores the login in Sunshine's credentials file, password masked for display. */
    public static ExternalCommand credentialsCommand(List<String> sunshine, SessionDirectory dir,
            WebUiCredentials credentials) {
        List<String> argv = new ArrayList<>(sunshine);
        argv.addAll(List.of(conf(dir).toString(), "--creds", credentials.user(), credentials.password()));
        return ExternalCommand.of(argv).withSecret(credentials.password()).inDirectory(dir.dir());
    }

    /** Runs {@link #credentialsCommand} (in the session's runtime) and keeps the file it wrote private. */
    public void applyCredentials(CommandRunner runner, SessionRuntime runtime, List<String> sunshine,
            SessionDirectory dir, WebUiCredentials credentials) {
        runner.run(runtime.command(credentialsCommand(sunshine, dir, credentials)))
                .orFail("Sunshine did not take the web UI login", "see " + sunshineLog(dir));
        Path stored = credentials(dir);
        if (Files.exists(stored)) {
            try {
                Files.setPosixFilePermissions(stored, SessionDirectory.PRIVATE_FILE);
            } catch (IOException e) {
                throw MoonlightException.failed("cannot make " + stored + " private: " + AtomicFiles.describe(e),
                        "check the session directory's owner");
            }
        }
    }

    private static Path write(Path file, String content, String mode) {
        AtomicFiles.write(file, content, PosixFilePermissions.fromString(mode));
        return file;
    }
}
