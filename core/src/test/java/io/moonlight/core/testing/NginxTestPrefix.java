package io.moonlight.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.nginx.NginxInstaller;
import io.moonlight.core.nginx.NginxRequest;
import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A realistic nginx installation in a temp directory for the real nginx binary: a main
 * nginx.conf with its own pid, logs and temp paths that includes conf.d/*.conf, a throwaway
 * self-signed certificate, and the portal's conf.d/auth-portal.conf (by default the realistic one
 * in the test resources, with its VNC locations).
 */
public final class NginxTestPrefix {
    /** A second HTTPS server to append to the portal file, named files.example.org. */
    public static final String FILES_SERVER = """

            server {
                listen 443 ssl;
                server_name files.example.org;
                ssl_certificate     certs/portal.crt;
                ssl_certificate_key certs/portal.key;
                location / {
                    return 204;
                }
            }
            """;

    private final Path dir;

    private NginxTestPrefix(Path dir) {
        this.dir = dir;
    }

    /** The prefix with the shipped realistic portal file and nothing extra in http { }. */
    public static NginxTestPrefix create(Path dir) {
        return create(dir, resource("nginx/auth-portal.conf"), "");
    }

    public static NginxTestPrefix create(Path dir, String portal, String extraHttp) {
        NginxTestPrefix prefix = new NginxTestPrefix(dir);
        try {
            for (String sub : new String[] {"conf.d", "certs", "logs", "tmp"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(prefix.mainConf(), mainConf(dir, extraHttp));
            Files.writeString(prefix.portalConf(), portal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecResult cert = new ProcessCommandRunner().run(ExternalCommand.of("openssl", "req", "-x509",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=portal.example.org", "-addext", "subjectAltName=DNS:portal.example.org,IP:127.0.0.1",
                "-keyout", dir.resolve("certs/portal.key").toString(), "-out", dir.resolve("certs/portal.crt").toString()));
        assertEquals(0, cert.exitCode(), cert.stderr());
        return prefix;
    }

    private static String mainConf(Path dir, String extraHttp) {
        return """
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log;
                events {
                    worker_connections 64;
                }
                http {
                    access_log %1$s/logs/access.log;
                    client_body_temp_path %1$s/tmp/client_body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                %2$s
                    include conf.d/*.conf;
                }
                """.formatted(dir, extraHttp);
    }

    public static String resource(String name) {
        try (InputStream in = NginxTestPrefix.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path mainConf() {
        return dir.resolve("nginx.conf");
    }

    public Path portalConf() {
        return dir.resolve("conf.d/auth-portal.conf");
    }

    public String portalText() {
        try {
            return Files.readString(portalConf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The backups moonlight left beside the portal file. */
    public long backups() {
        try (Stream<Path> files = Files.list(dir.resolve("conf.d"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bak")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NginxRequest request(String serverName, boolean force) {
        return new NginxRequest(portalConf().toString(), mainConf(), "nginx", serverName, List.of(new GatewayAddress("127.0.0.1", 8004, 8005)),
                force, false);
    }

    /** The installer as the CLI builds it: real nginx, this host's files, shipped templates. */
    public NginxInstaller installer() {
        return new NginxInstaller(new ProcessCommandRunner(), new FileInstaller(new LocalHostFiles(),
                Clock.systemUTC(), DryRunPlan.NONE), TemplateRenderer.shipped(), DryRunPlan.NONE);
    }

    public NginxInstaller dryRunInstaller(DryRunPlan plan) {
        return new NginxInstaller(plan.runner(new ProcessCommandRunner()),
                new FileInstaller(new LocalHostFiles(), Clock.systemUTC(), plan), TemplateRenderer.shipped(), plan);
    }

    /**
     * Runs the real nginx over this prefix in the foreground (its output in logs/nginx.out) and waits
     * until {@code port} (where the portal's listen was moved for the run) takes connections. The
     * portal's plain-HTTP server moves from port 80 on every address to a free loopback port first:
     * tests stay on loopback and never compete for port 80.
     */
    public Process start(int port) throws IOException, InterruptedException {
        Files.writeString(portalConf(), portalText().replace("listen 80;", "listen 127.0.0.1:" + RedisServer.freePort() + ";"));
        Process nginx = new ProcessBuilder("nginx", "-c", mainConf().toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/nginx.out").toFile())
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!nginx.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("logs/nginx.out")));
                }
                Thread.sleep(100);
            }
        }
        nginx.destroy();
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    /** TLS for a client that trusts the prefix's certificate (for portal.example.org and 127.0.0.1) only. */
    public SSLContext clientTls() {
        try (InputStream cert = Files.newInputStream(dir.resolve("certs/portal.crt"))) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("portal", CertificateFactory.getInstance("X.509").generateCertificate(cert));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the real {@code nginx -t} says about the whole configuration. */
    public ExecResult nginxTest() {
        return new ProcessCommandRunner().run(ExternalCommand.of("nginx", "-t", "-c", mainConf().toString()));
    }

    /** The real {@code nginx -T} output: every file nginx reads. */
    public String nginxDump() {
        ExecResult dump = new ProcessCommandRunner().run(ExternalCommand.of("nginx", "-T", "-c", mainConf().toString()));
        assertEquals(0, dump.exitCode(), dump.stderr());
        return dump.stdout();
    }
}
