package io.moonlight.core.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed blocks in a running nginx: requests reach a stand-in gateway (JDK HttpServer) on
 * the right port with the forwarded headers, and the VNC locations still reach their own backend.
 * The portal's listen and VNC backend ports are moved to free high ports on 127.0.0.1 for the run.
 */
@ServiceTest
class NginxLiveProxyTest {
    @TempDir
    Path dir;

    private final List<HttpServer> backends = new ArrayList<>();
    private Process nginx;

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        backends.forEach(b -> b.stop(0));
    }

    @Test
    void gatewayPathsReachTheGatewayAndVncPathsTheirOwnBackend() throws Exception {
        int api = backend("gateway-api");
        int signaling = backend("gateway-signaling");
        int vnc = backend("vnc");
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        prefix.installer().install(new NginxRequest(prefix.portalConf().toString(), prefix.mainConf(),
                "nginx", "", List.of(new GatewayAddress("127.0.0.1", api, signaling)), false, false));
        int https = RedisServer.freePort();
        Files.writeString(prefix.portalConf(), prefix.portalText()
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl;")
                .replace("127.0.0.1:8002", "127.0.0.1:" + vnc));
        nginx = prefix.start(https);

        String apiReply = get(prefix, https, "/api/moonlight/sessions?user=alice", "");
        assertTrue(apiReply.startsWith("HTTP/1.1 200"), apiReply);
        assertTrue(apiReply.contains("gateway-api GET /api/moonlight/sessions?user=alice\n"), apiReply);
        assertTrue(apiReply.contains("x-forwarded-proto: https\n"), apiReply);
        assertTrue(apiReply.contains("x-forwarded-for: 127.0.0.1\n"), apiReply);
        assertTrue(apiReply.contains("x-forwarded-host: portal.example.org\n"), apiReply);
        assertTrue(!apiReply.toLowerCase().contains("access-control-allow-origin"), apiReply);

        assertTrue(get(prefix, https, "/moonlight/index.html", "").contains("gateway-api GET /moonlight/index.html\n"));
        String script = get(prefix, https, "/moonlight/app.js", "");
        assertTrue(script.contains("gateway-api GET /moonlight/app.js\n"), "not taken by the portal's *.js location: " + script);

        String upgrade = get(prefix, https, "/moonlight/signaling?session=7",
                "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        assertTrue(upgrade.contains("gateway-signaling GET /moonlight/signaling?session=7\n"), upgrade);
        assertTrue(upgrade.contains("upgrade: websocket\n"), upgrade);
        assertTrue(upgrade.contains("connection: upgrade\n"), upgrade);

        String vncReply = get(prefix, https, "/vnc/index.html", "");
        assertTrue(vncReply.contains("vnc GET /index.html\n"), vncReply);
    }

    /** A stand-in backend that answers with its name, the request line and the headers it got. */
    private int backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            StringBuilder body = new StringBuilder(name + " " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + "\n");
            exchange.getRequestHeaders().forEach((key, values) ->
                    values.forEach(v -> body.append(key.toLowerCase()).append(": ").append(v).append('\n')));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        backends.add(server);
        return server.getAddress().getPort();
    }

    /** One HTTPS request written by hand (so Upgrade/Connection can be set); the whole reply with lower-cased body. */
    private static String get(NginxTestPrefix prefix, int port, String path, String headers) throws Exception {
        try (Socket socket = prefix.clientTls().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: portal.example.org\r\n" + headers
                    + (headers.contains("Connection:") ? "" : "Connection: close\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readReply(socket.getInputStream());
        }
    }

    private static String readReply(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        int length = head.toString().lines()
                .filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring("content-length:".length()).strip()))
                .findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
