package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code moonlight install nginx} and {@code uninstall nginx} as a user runs them, against the real nginx. */
class InstallNginxCommandTest {
    private static final String PORTAL = """
            server {
                listen 443;
                server_name portal.example.org;
                location /vnc/ {
                    proxy_pass http://127.0.0.1:8002/;
                }
            }
            """;

    @TempDir
    Path dir;
    private Path portal;
    private Path main;
    private Path config;
    private String out;
    private String err;

    @BeforeEach
    void prefix() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        main = dir.resolve("nginx.conf");
        Files.writeString(main, """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {
                }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include conf.d/*.conf;
                }
                """.formatted(dir));
        portal = dir.resolve("conf.d/auth-portal.conf");
        Files.writeString(portal, PORTAL);
        config = dir.resolve("moonlight.yaml");
        Files.writeString(config, "nginx:\n  conf: " + portal + "\n  main_conf: " + main + "\n");
    }

    @Test
    void installThenAgainThenUninstall() throws IOException {
        assertEquals(0, run("install", "nginx"));
        assertTrue(out.startsWith("changed      nginx  " + portal + "  (backup: " + portal + ".moonlight-"), out);
        assertTrue(Files.readString(portal).contains("location /api/moonlight/ {"));

        assertEquals(0, run("install", "nginx"));
        assertEquals("unchanged    nginx  " + portal + "\n", out);

        assertEquals(0, run("uninstall", "nginx", "--json"));
        assertTrue(out.contains("\"status\" : \"CHANGED\""), out);
        assertEquals(PORTAL, Files.readString(portal));
    }

    @Test
    void printShowsTheBlocksAndChangesNothing() throws IOException {
        assertEquals(0, run("install", "nginx", "--print"));

        assertTrue(out.startsWith("# BEGIN moonlight managed block: upstreams (sha256:"), out);
        assertTrue(out.contains("map $http_upgrade $connection_upgrade {"), out);
        assertTrue(out.endsWith("    # END moonlight managed block: locations\n"), out);
        assertEquals(PORTAL, Files.readString(portal));
    }

    @Test
    void dryRunPrintsTheWholeFileAndTheCommands() throws IOException {
        assertEquals(0, run("install", "nginx", "--dry-run", "--reload"));

        assertTrue(out.startsWith("# dry run: would write " + portal + "\n# BEGIN moonlight managed block: upstreams"), out);
        assertTrue(out.contains("        proxy_pass http://127.0.0.1:8002/;\n"), out);
        assertTrue(out.contains("# end of " + portal + "\n# dry run: would run nginx -t -c " + main
                + "\n# dry run: would run nginx -c " + main + " -s reload\n"), out);
        assertTrue(out.endsWith("would-change nginx  " + portal + "\nwould-change nginx-reload  " + main + "\n"), out);
        assertEquals(PORTAL, Files.readString(portal));
        try (var files = Files.list(dir.resolve("conf.d"))) {
            assertEquals(1, files.count(), "no backup either");
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Files.writeString(portal, PORTAL + PORTAL.replace("portal.example.org", "files.example.org"));

        assertEquals(2, run("install", "nginx"));
        assertEquals("moonlight: " + portal + " has 2 servers listening on 443: line 1 (server_name portal.example.org),"
                + " line 8 (server_name files.example.org) (hint: choose one with --server-name NAME (or"
                + " nginx.server_name))\n", err);

        assertEquals(0, run("install", "nginx", "--server-name", "files.example.org"));
        String installed = Files.readString(portal);
        assertTrue(installed.indexOf("# BEGIN moonlight managed block: locations") > installed.indexOf("files.example.org"));

        assertEquals(2, run("install", "nginx", "--conf", dir.resolve("missing.conf").toString()));
        assertTrue(err.startsWith("moonlight: " + dir.resolve("missing.conf") + " does not exist (hint: "), err);
    }

    @Test
    void reloadFailureIsReportedWithNginxsMessageAfterTheChange() {
        assertEquals(1, run("install", "nginx", "--reload"));

        assertTrue(out.startsWith("changed      nginx  " + portal), out);
        assertTrue(out.contains("\nfailed       nginx-reload  " + main + "  ('nginx -c " + main + " -s reload' failed: nginx: [error] "), out);
        assertTrue(out.contains(dir.resolve("nginx.pid").toString()), "nginx is not running: no pid in its pid file: " + out);
    }

    private int run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        String[] withConfig = new String[args.length + 2];
        withConfig[0] = "--config";
        withConfig[1] = config.toString();
        System.arraycopy(args, 0, withConfig, 2, args.length);
        int code = cli.execute(withConfig);
        out = stdout.toString();
        err = stderr.toString();
        return code;
    }
}
