package io.moonlight.core.ssh;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SshConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.OutputLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * Runs commands on another host over one SSH connection (sshj), reused for every command. The host
 * key is always checked against known_hosts; login is by public key only. The argument list is
 * quoted word by word for the remote POSIX shell, the environment and working directory go through
 * {@code env}, so nothing the caller passes is ever interpreted by that shell.
 */
public final class SshCommandRunner implements CommandRunner, AutoCloseable {
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final NodeAddress node;
    private final SSHClient client;

    private SshCommandRunner(NodeAddress node, SSHClient client) {
        this.node = node;
        this.client = client;
    }

    /** Connects and logs in now, so that an unreachable node fails before anything changes. */
    public static SshCommandRunner connect(NodeAddress node, SshConfig config) {
        Path identity = config.identityFile();
        if (!Files.isReadable(identity)) {
            throw MoonlightException.badInput("SSH identity file " + identity + " does not exist or is unreadable",
                    "set ssh.identity_file to your private key, or create one with ssh-keygen -t ed25519");
        }
        Path knownHosts = config.knownHosts();
        SSHClient client = new SSHClient();
        try {
            KnownHostsCheck check = new KnownHostsCheck(knownHosts.toFile(), node);
            client.addHostKeyVerifier(check);
            client.setConnectTimeout((int) TimeUnit.SECONDS.toMillis(config.connectTimeoutSeconds()));
            open(client, node, check);
            logIn(client, node, identity);
            // Firewalls drop idle connections during long silent steps such as an image build.
            client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
            return new SshCommandRunner(node, client);
        } catch (IOException | RuntimeException e) {
            disconnect(client);
            if (e instanceof MoonlightException known) {
                throw known;
            }
            throw MoonlightException.failed("cannot set up SSH to " + node + ": " + e.getMessage(),
                    "check ssh.known_hosts (" + knownHosts + ") and ssh.identity_file (" + identity + ")");
        }
    }

    private static void open(SSHClient client, NodeAddress node, KnownHostsCheck check) {
        try {
            client.connect(node.host(), node.port());
        } catch (IOException e) {
            throw check.refusal().orElseGet(() -> MoonlightException.unavailable(
                    "cannot connect to " + node.host() + " port " + node.port() + " by SSH: " + e.getMessage(),
                    "check that sshd runs there and the port is right (ssh.port, or USER@HOST:PORT)"));
        }
    }

    private static void logIn(SSHClient client, NodeAddress node, Path identity) throws IOException {
        try {
            client.authPublickey(node.user(), client.loadKeys(identity.toString()));
        } catch (UserAuthException e) {
            throw MoonlightException.failed("SSH login as " + node.user() + " on " + node.host()
                            + " refused for the key " + identity,
                    "add " + identity + ".pub to ~" + node.user() + "/.ssh/authorized_keys on " + node.host()
                            + ", or set ssh.user / ssh.identity_file");
        }
    }

    @Override
    public ExecResult run(ExternalCommand command) {
        long start = System.nanoTime();
        try (Session session = client.startSession()) {
            Session.Command remote = session.exec(commandLine(command));
            CompletableFuture<String> out = OutputLines.collect(remote.getInputStream(), command);
            CompletableFuture<String> err = OutputLines.collect(remote.getErrorStream(), command);
            try (OutputStream in = remote.getOutputStream()) {
                if (command.stdin() != null) {
                    in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean finished = finished(remote, command.timeout().plus(KILL_GRACE).plusSeconds(5));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!finished || (elapsed.compareTo(command.timeout()) >= 0 && timedOut(remote))) {
                abandon(remote);
                throw MoonlightException.failed("'" + command.display() + "' on " + node.host()
                                + " did not finish within " + command.timeout().toSeconds() + " s",
                        "check that " + command.program() + " is not waiting on a lock or the network on "
                                + node.host());
            }
            return new ExecResult(command, exitStatus(remote, command), out.join(), err.join(), elapsed);
        } catch (IOException e) {
            throw MoonlightException.unavailable("lost the SSH connection to " + node.host() + " while running '"
                    + command.display() + "': " + e.getMessage(), "check the network and sshd on " + node.host());
        }
    }

    /**
     * The remote shell's command line: each word quoted, the environment and working directory
     * set by {@code env} (coreutils 8.28 or later for {@code -C}) rather than by shell syntax. The
     * timeout is enforced on the host by coreutils {@code timeout}, which signals the command's whole
     * process group: sshd refuses SSH signal requests for root logins, and closing the channel
     * leaves a command that does not write running.
     */
    static String commandLine(ExternalCommand command) {
        long seconds = Math.max(1, (command.timeout().toMillis() + 999) / 1000);
        List<String> words = new ArrayList<>(List.of("timeout", "-k", KILL_GRACE.toSeconds() + "s", seconds + "s"));
        if (!command.env().isEmpty() || command.workingDir() != null) {
            words.add("env");
            if (command.workingDir() != null) {
                words.add("-C");
                words.add(command.workingDir().toString());
            }
            for (Map.Entry<String, String> variable : new TreeMap<>(command.env()).entrySet()) {
                words.add(variable.getKey() + "=" + variable.getValue());
            }
        }
        words.addAll(command.argv());
        return words.stream().map(ExternalCommand::shellQuote).collect(Collectors.joining(" "));
    }

    private static boolean finished(Session.Command remote, Duration timeout) {
        try {
            remote.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ConnectionException e) {
            // Timed out; whether the channel is still open is what counts.
        }
        return !remote.isOpen();
    }

    /** Drops a channel whose command outlived even the remote {@code timeout}; the caller reports it. */
    private static void abandon(Session.Command remote) {
        try {
            remote.close();
        } catch (IOException e) {
            // The channel is gone either way.
        }
    }

    /** What coreutils {@code timeout} leaves: 124 after TERM, a KILL death after the grace time. */
    private static boolean timedOut(Session.Command remote) {
        Integer status = remote.getExitStatus();
        return (status != null && (status == 124 || status == 137)) || remote.getExitSignal() == Signal.KILL;
    }

    private int exitStatus(Session.Command remote, ExternalCommand command) {
        Integer status = remote.getExitStatus();
        if (status != null) {
            return status;
        }
        Signal signal = remote.getExitSignal();
        throw MoonlightException.failed("'" + command.display() + "' on " + node.host()
                        + (signal != null ? " was killed by signal " + signal : " ended without an exit status"),
                "look for an out-of-memory kill or an admin's kill in the system log of " + node.host());
    }

    /** The host the commands run on. */
    @Override
    public String target() {
        return node.host();
    }

    public NodeAddress node() {
        return node;
    }

    @Override
    public void close() {
        disconnect(client);
    }

    private static void disconnect(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException e) {
            // Nothing is left to clean up on our side of a connection that failed to close.
        }
    }
}
