package io.moonlight.core.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionConflictException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Hands a Moonlight client's PIN to a session's Sunshine: {@code POST https://NODE:WEBUI/api/pin}
 * with the session's web UI login. The connection trusts exactly the certificate that Sunshine was
 * given (Sunshine's own is self-signed for a fixed name), so the host name is not checked.
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
        HttpsURLConnection connection;
        int status;
        String body;
        try {
            connection = (HttpsURLConnection) URI.create("https://" + where + "/api/pin").toURL().openConnection();
            connection.setSSLSocketFactory(pinnedTo(certificatePem).getSocketFactory());
            connection.setHostnameVerifier((name, sslSession) -> true);
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(JSON.writeValueAsBytes(Map.of("pin", pin, "name", clientName)));
            }
            status = connection.getResponseCode();
            try (InputStream in = status < HttpURLConnection.HTTP_BAD_REQUEST ? connection.getInputStream()
                    : connection.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw MoonlightException.unavailable("Sunshine of session " + sessionId + " at " + where
                    + " is unreachable: " + e.getMessage(),
                    "check that the session is READY and its node reachable: 'moonlight session show " + sessionId + "'");
        }
        if (status == HttpURLConnection.HTTP_UNAUTHORIZED) {
            throw MoonlightException.failed("Sunshine of session " + sessionId + " refused the session's web UI login",
                    "the supervisor's login file and Sunshine disagree: restart the session");
        }
        if (status != HttpURLConnection.HTTP_OK) {
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

    private static SSLContext pinnedTo(String certificatePem) {
        try {
            Certificate certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("sunshine", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw MoonlightException.failed("the session's Sunshine certificate cannot be read: " + e.getMessage(),
                    "restart the session");
        }
    }
}
