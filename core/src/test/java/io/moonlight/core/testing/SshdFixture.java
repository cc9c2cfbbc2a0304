package io.moonlight.core.testing;

import io.moonlight.core.config.SshConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.ssh.NodeAddress;
import io.moonlight.core.ssh.SshCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server on 127.0.0.1 at a free port for the tests of a class, with a throwaway host
 * key, a throwaway client key and a known_hosts file that trusts the server; stopped with every
 * process it started afterwards. Logins are as the user running the tests (root here).
 * Use: {@code @RegisterExtension static final SshdFixture SSHD = new SshdFixture();}
 */
public final class SshdFixture implements BeforeAllCallback, AfterAllCallback {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final ProcessCommandRunner local = new ProcessCommandRunner();
    private Path dir;
    private int port;
    private Process sshd;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install the openssh-server package");
        }
        dir = Files.createTempDirectory("moonlight-sshd");
        keygen("host_key");
        keygen("client_key");
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        port = freePort();
        Files.writeString(knownHosts(), "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                ""));
        // Privilege separation needs this directory; a fresh container has no /run/sshd.
        Files.createDirectories(Path.of("/run/sshd"));
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        awaitListening();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sshd != null) {
            sshd.descendants().forEach(ProcessHandle::destroyForcibly);
            sshd.destroy();
            sshd.waitFor();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public int port() {
        return port;
    }

    /** The throwaway directory: keys, known_hosts, sshd_config and sshd.log; tests may add files. */
    public Path dir() {
        return dir;
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path identityFile() {
        return dir.resolve("client_key");
    }

    /** The ssh configuration section that reaches this server. */
    public SshConfig sshConfig() {
        return new SshConfig(System.getProperty("user.name"), port, identityFile(), knownHosts(), 5);
    }

    public NodeAddress node() {
        return NodeAddress.parse("127.0.0.1", sshConfig());
    }

    public SshCommandRunner connect() {
        return SshCommandRunner.connect(node(), sshConfig());
    }

    /** A new key pair in the fixture's directory (e.g. one the server does not accept). */
    public Path keygen(String name) {
        local.run(ExternalCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "moonlight-test",
                "-f", dir.resolve(name).toString())).orFail("ssh-keygen " + name, "install openssh-client");
        return dir.resolve(name);
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + " within 10 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
