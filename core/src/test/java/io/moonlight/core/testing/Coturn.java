package io.moonlight.core.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real coturn ({@code turnserver}, Debian's coturn) on 127.0.0.1, started from a configuration
 * file as moonlight generates it, plus {@code --allow-loopback-peers} (coturn refuses loopback
 * peers without it, whatever allowed-peer-ip says) and its log, pid file and user database in
 * {@code dir}. Fails, never skips, when coturn is missing.
 */
public final class Coturn implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Coturn(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Coturn start(Path config, int port, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("turn.log");
        List<String> command = new ArrayList<>(List.of("turnserver", "-c", config.toString(), "--allow-loopback-peers",
                "--log-file=" + log, "--simple-log", "--pidfile=" + dir.resolve("turn.pid"),
                "--userdb=" + dir.resolve("turndb")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("turn.out").toFile()).start();
        Coturn coturn = new Coturn(process, log);
        coturn.awaitListening(port);
        return coturn;
    }

    /** A port free for both UDP and TCP on 127.0.0.1 (TURN listens on both). */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            tcp.getLocalPort()))) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the UDP port of that number is in use: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitListening(int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited with " + process.exitValue() + ": " + log());
                }
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("turnserver did not listen on " + port + " within 10 s: " + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
