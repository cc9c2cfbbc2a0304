package io.moonlight.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.testing.Coturn;
import io.moonlight.core.testing.ServiceTest;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate and key, coturn from the generated configuration serves TLS on turn.tls_port with that certificate. */
@ServiceTest
class TurnTlsTest {
    @TempDir
    Path root;
    @TempDir
    Path run;

    @Test
    void theTlsPortPresentsTheGivenCertificate() throws Exception {
        Path cert = run.resolve("portal.pem");
        Path key = run.resolve("portal.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=turn.example.org", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("openssl.out").toFile()).start();
        assertEquals(0, openssl.waitFor(), Files.readString(run.resolve("openssl.out")));
        int tlsPort = Coturn.freePort();
        try (InstalledCoturn coturn = InstalledCoturn.start(root, run, "  tls_port: " + tlsPort + "\n  certificate_file: "
                + cert + "\n  key_file: " + key + "\n")) {
            Certificate given;
            try (InputStream in = Files.newInputStream(cert)) {
                given = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("portal", given);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    tlsPort)) {
                socket.startHandshake();
                assertEquals(given, socket.getSession().getPeerCertificates()[0]);
            }
        }
    }
}
