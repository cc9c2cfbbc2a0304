package io.moonlight.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server on 127.0.0.1 at a free port, in its own temp dir, for one test class. Without
 * extra arguments it keeps nothing on disk; pass {@code --appendonly yes} for a server whose data
 * survives {@link #restart()}.
 */
public final class RedisServer implements AutoCloseable {
    private final List<String> command;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(List<String> command, Path dir, int port) {
        this.command = command;
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start(Path dir, String... extraArgs) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        command.addAll(List.of(extraArgs));
        RedisServer server = new RedisServer(List.copyOf(command), dir, port);
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM: a clean shutdown, as systemd does) and starts it again on the same port and dir. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** Stops the server; {@link #restart()} brings it back. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(dir, "redis", ".log").toFile())
                .start();
        awaitListening();
    }

    private void awaitListening() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited with " + process.exitValue());
                }
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("redis-server did not listen on " + port + " within 10 s");
    }

    @Override
    public void close() {
        stop();
    }
}
