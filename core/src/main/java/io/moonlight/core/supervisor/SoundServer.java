package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.AtomicFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A session's own PulseAudio server: a plain child of the supervisor (no system-wide daemon, no
 * autospawn), with its socket, {@code pulse}, directly in the session directory (mode 0700: only the
 * session's user reaches it, so clients need no cookie; and a Unix socket's path holds at most 107
 * bytes, which deep session directories come close to), its state and start script in
 * {@code pulse.d/}, and a null sink,
 * {@value #SINK}, as the only and default output. Whatever the desktop plays goes there; the agent
 * records the sink's monitor and streams it. The server always runs on the host, like the agent: an
 * image's programs reach it through the bound session directory.
 */
public final class SoundServer {
    public static final String PROGRAM = "pulseaudio";
    /** The environment variable that points libpulse clients at the session's server. */
    public static final String SERVER_VARIABLE = "PULSE_SERVER";
    static final String SINK = "moonlight";
    /** sun_path holds 108 bytes with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private final SessionDirectory dir;

    public SoundServer(SessionDirectory dir) {
        this.dir = dir;
    }

    /** The server's state and start script. */
    public Path directory() {
        return dir.file("pulse.d");
    }

    public Path socket() {
        return dir.file("pulse");
    }

    /** The value of {@value #SERVER_VARIABLE} for the session's programs. */
    public String address() {
        return "unix:" + socket();
    }

    Path script() {
        return directory().resolve("session.pa");
    }

    /** Creates the private directory and writes the start script; throws naming what is wrong. */
    public void prepare() {
        if (socket().toString().length() > MAX_SOCKET_PATH) {
            throw MoonlightException.badInput("the sound server's socket path " + socket() + " is longer than "
                    + MAX_SOCKET_PATH + " bytes", "use a shorter paths.session_root");
        }
        try {
            Path pulse = directory();
            if (Files.isSymbolicLink(pulse)) {
                throw MoonlightException.badInput(pulse + " is a symbolic link", "remove it: it is the session's own directory");
            }
            if (!Files.exists(pulse, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(pulse, PosixFilePermissions.asFileAttribute(SessionDirectory.PRIVATE_DIR));
            }
            Files.setPosixFilePermissions(pulse, SessionDirectory.PRIVATE_DIR);
            Files.deleteIfExists(socket());
            AtomicFiles.write(script(), script(socket()), SessionDirectory.PRIVATE_FILE);
        } catch (IOException e) {
            throw MoonlightException.failed("cannot prepare the sound server in " + directory() + ": "
                    + AtomicFiles.describe(e), "check that the session directory is writable");
        }
    }

    /**
     * The server in the foreground, reading only the session's script (not the site's default.pa),
     * without real-time or raised priority (they would ask rtkit over the system bus, which nodes may lack).
     */
    public ExternalCommand command() {
        return ExternalCommand.of(List.of(PROGRAM, "-n", "-F", script().toString(), "--daemonize=no",
                        "--use-pid-file=no", "--exit-idle-time=-1", "--disallow-exit", "--realtime=no", "--high-priority=no",
                        "--log-target=stderr"))
                .withEnv("PULSE_RUNTIME_PATH", directory().toString())
                .withEnv("PULSE_STATE_PATH", directory().toString())
                // No session bus of its own: libdbus would otherwise launch one through X, outside the job.
                .withEnv("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    }

    /** True once the server accepts connections on its socket. */
    public boolean answers() {
        if (!Files.exists(socket())) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The server's start script: the socket in the session directory (anonymous clients, no cookie,
     * which would need a writable home: the directory's mode is the access check), and the null sink at 48 kHz stereo, the rate and layout
     * the agent sends, so that nothing is resampled on the way.
     */
    static String script(Path socket) {
        return String.join("\n",
                "load-module module-native-protocol-unix socket=" + socket + " auth-anonymous=1"
                        + " auth-cookie-enabled=0",
                "load-module module-null-sink sink_name=" + SINK + " rate=48000 channels=2 format=s16le"
                        + " sink_properties=device.description=moonlight-session",
                "set-default-sink " + SINK,
                "set-default-source " + SINK + ".monitor",
                "");
    }
}
