package io.moonlight.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP connection between a client and a server on 127.0.0.1 that the test can cut at once, as a
 * host that died or a network that broke would: {@link #cut()} closes every connection and refuses
 * new ones.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket listening;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TcpRelay(ServerSocket listening, int target) {
        this.listening = listening;
        this.target = target;
    }

    /** Relays connections to its own port on to {@code target}. */
    static TcpRelay to(int target) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
        Thread accepting = new Thread(relay::accept, "tcp-relay");
        accepting.setDaemon(true);
        accepting.start();
        return relay;
    }

    int port() {
        return listening.getLocalPort();
    }

    void cut() throws IOException {
        listening.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            }
        } catch (IOException cut) {
            // Cut: no more connections.
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // One side is gone.
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }
}
