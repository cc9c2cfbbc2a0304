package io.moonlight.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Stands in for Sunshine's web UI (Sunshine needs a GPU and cannot run here): HTTPS with a
 * self-signed certificate for Sunshine's fixed name, HTTP Basic auth, and {@code POST /api/pin}
 * answering {@code {"status":true}} only while a client "waits to pair", as Sunshine does.
 */
public final class FakeSunshineWebUi implements AutoCloseable {
    private final HttpsServer server;
    private final String certificatePem;
    private final String expectedAuth;
    private final List<String> pins = new ArrayList<>();
    private volatile boolean clientWaiting;

    private FakeSunshineWebUi(HttpsServer server, String certificatePem, String username, String password) {
        this.server = server;
        this.certificatePem = certificatePem;
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    public static FakeSunshineWebUi start(Path dir, int port, String username, String password)
            throws IOException, GeneralSecurityException {
        Path key = dir.resolve("sunshine.key");
        Path cert = dir.resolve("sunshine.pem");
        Path p12 = dir.resolve("sunshine.p12");
        ProcessCommandRunner local = new ProcessCommandRunner();
        local.run(ExternalCommand.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=Sunshine Gamestream Host", "-keyout", key.toString(), "-out", cert.toString()))
                .orFail("openssl req", null);
        local.run(ExternalCommand.of("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                "-passout", "pass:fake", "-out", p12.toString())).orFail("openssl pkcs12", null);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, "fake".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "fake".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        FakeSunshineWebUi sunshine = new FakeSunshineWebUi(server, Files.readString(cert), username, password);
        server.createContext("/api/pin", sunshine::pin);
        server.start();
        return sunshine;
    }

    /** The certificate it serves, as Sunshine's {@code cert} file would hold it. */
    public String certificatePem() {
        return certificatePem;
    }

    /** A Moonlight client starts (true) or gives up (false) pairing. */
    public void clientWaiting(boolean waiting) {
        clientWaiting = waiting;
    }

    /** The bodies of the PIN requests it accepted. */
    public synchronized List<String> acceptedPins() {
        return List.copyOf(pins);
    }

    private void pin(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "");
            return;
        }
        boolean accepted = clientWaiting;
        if (accepted) {
            synchronized (this) {
                pins.add(body);
            }
        }
        respond(exchange, 200, "{\"status\":" + accepted + "}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
