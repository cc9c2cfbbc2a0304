package io.moonlight.core.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionConflictException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Hands a Moonlight client's PIN to a session's Sunshine: {@code POST https://NODE:WEBUI/api/pin}
 * with the session's web UI login, through {@code java.net.http} as the supervisor's gateway client.
 * The connection trusts exactly the certificate that Sunshine was given (Sunshine's own is
 * self-signed for a fixed name), so the host name is not checked.
 * Sunshine answers {@code {"status": false}} when no client is waiting to pair; whether the PIN is
 * the one the client shows, only the client finds out.
 */
final class SunshinePairing {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Login(String username, String password) {
    }

    private SunshinePairing() {
    }

    static Login login(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Login(node.path("user").asText(""), node.path("password").asText(""));
        } catch (IOException e) {
            throw MoonlightException.failed("the session's Sunshine login is not JSON", "restart the session");
        }
    }

    /** Sends the PIN; returns normally when Sunshine took it. */
    static void send(String sessionId, String host, int webUiPort, Login login, String certificatePem, String pin,
            String clientName) {
        String where = host + ":" + webUiPort;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .sslContext(pinnedTo(certificatePem)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("https://" + where + "/api/pin"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("pin", pin, "name",
                            clientName))))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a PIN is always JSON", e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw MoonlightException.unavailable("Sunshine of session " + sessionId + " at " + where
                    + " is unreachable: " + e.getMessage(),
                    "check that the session is READY and its node reachable: 'moonlight session show " + sessionId + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while pairing with session " + sessionId, null);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status == 401) {
            throw MoonlightException.failed("Sunshine of session " + sessionId + " refused the session's web UI login",
                    "the supervisor's login file and Sunshine disagree: restart the session");
        }
        if (status != 200) {
            throw MoonlightException.failed("Sunshine of session " + sessionId + " answered HTTP " + status
                    + " to the PIN", "see the session's log: 'moonlight session logs " + sessionId + "'");
        }
        if (!accepted(body)) {
            throw new SessionConflictException("no Moonlight client is waiting to pair with session " + sessionId,
                    "in Moonlight, add the host " + host + ":" + (webUiPort - 1) + " and start pairing, then run "
                            + "this again with the PIN it shows (within its time-out)");
        }
    }

    private static boolean accepted(String body) {
        try {
            JsonNode status = JSON.readTree(body).path("status");
            return status.asBoolean(false) || "true".equals(status.asText());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * TLS that accepts exactly the session's Sunshine certificate, for whatever host name: the trust
     * manager is an extended one, so the TLS layer leaves the host name to it, and it does not check it.
     */
    private static SSLContext pinnedTo(String certificatePem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedCertificate(certificate)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw MoonlightException.failed("the session's Sunshine certificate cannot be read: " + e.getMessage(),
                    "restart the session");
        }
    }

    /** Trusts a server that shows exactly this certificate, within its validity. */
    private static final class PinnedCertificate extends X509ExtendedTrustManager {
        private final X509Certificate pinned;

        PinnedCertificate(X509Certificate pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
                throw new CertificateException("Sunshine showed another certificate than the one the session gave it");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
