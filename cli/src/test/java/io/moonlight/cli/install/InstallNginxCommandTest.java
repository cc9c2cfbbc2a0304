package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.CliRun;
import io.moonlight.core.testing.Golden;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moonlight install nginx} and {@code uninstall nginx} as a user runs them, against the real nginx. */
@ServiceTest
class InstallNginxCommandTest {
    @TempDir
    Path dir;
    private NginxTestPrefix prefix;
    private Path portal;
    private Path main;
    private String original;

    @BeforeEach
    void prefix() throws IOException {
        prefix = NginxTestPrefix.create(dir);
        portal = prefix.portalConf();
        main = prefix.mainConf();
        original = prefix.portalText();
        Files.writeString(dir.resolve("moonlight.yaml"), "nginx:\n  conf: " + portal + "\n  main_conf: " + main + "\n");
    }

    @Test
    void installThenAgainThenUninstall() throws IOException {
        CliRun first = run("install", "nginx");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("changed      nginx  " + portal + "  (backup: " + portal + ".moonlight-"), first.toString());
        assertEquals(Golden.read("nginx/auth-portal.installed.conf"), prefix.portalText());

        CliRun again = run("install", "nginx");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals("unchanged    nginx  " + portal + "\n", again.out());

        CliRun removed = run("uninstall", "nginx", "--json");
        assertEquals(0, removed.exitCode(), removed.toString());
        assertTrue(removed.out().contains("\"status\" : \"CHANGED\""), removed.toString());
        assertEquals(original, prefix.portalText());
    }

    @Test
    void printShowsTheBlocksAndChangesNothing() {
        CliRun print = run("install", "nginx", "--print");

        assertEquals(0, print.exitCode(), print.toString());
        assertTrue(print.out().startsWith("# BEGIN moonlight managed block: upstreams (sha256:"), print.toString());
        assertTrue(print.out().contains("map $http_upgrade $connection_upgrade {"), print.toString());
        assertTrue(print.out().endsWith("\t# END moonlight managed block: locations\n"), print.toString());
        assertEquals(original, prefix.portalText());

        CliRun json = run("install", "nginx", "--print", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().startsWith("{\n  \"conf\" : \"" + portal + "\",\n  \"blocks\" : \"# BEGIN moonlight managed block: upstreams"),
                json.toString());
    }

    @Test
    void dryRunPrintsTheWholeFileAndTheCommands() throws IOException {
        CliRun dry = run("install", "nginx", "--dry-run", "--reload");

        assertEquals(0, dry.exitCode(), dry.toString());
        assertEquals("# dry run: would write " + portal + "\n"
                + Golden.read("nginx/auth-portal.installed.conf")
                + "# end of " + portal + "\n"
                + "# dry run: would run nginx -t -c " + main + "\n"
                + "# dry run: would run nginx -c " + main + " -s reload\n"
                + "would-change nginx  " + portal + "\n"
                + "would-change nginx-reload  " + main + "\n", dry.out());
        assertEquals(original, prefix.portalText());
        assertEquals(0, prefix.backups());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Files.writeString(portal, original + NginxTestPrefix.FILES_SERVER);

        CliRun ask = run("install", "nginx");
        assertEquals(2, ask.exitCode(), ask.toString());
        assertEquals("moonlight: " + portal + " has 2 servers listening on 443: line 12 (server_name portal.example.org),"
                + " line 58 (server_name files.example.org) (hint: choose one with --server-name NAME (or"
                + " nginx.server_name))\n", ask.err());

        CliRun named = run("install", "nginx", "--server-name", "files.example.org");
        assertEquals(0, named.exitCode(), named.toString());
        String installed = prefix.portalText();
        assertTrue(installed.indexOf("# BEGIN moonlight managed block: locations") > installed.indexOf("files.example.org"));

        CliRun missing = run("install", "nginx", "--conf", dir.resolve("missing.conf").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().startsWith("moonlight: " + dir.resolve("missing.conf") + " does not exist (hint: "),
                missing.toString());
    }

    @Test
    void alreadyBrokenConfigurationIsRefusedWithExitOne() throws IOException {
        String broken = original.replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.2 TLSv1.3;\n\tproxy_bogus_option on;");
        Files.writeString(portal, broken);

        CliRun refused = run("install", "nginx");

        assertEquals(1, refused.exitCode(), refused.toString());
        assertEquals("moonlight: the nginx configuration " + main + " already fails 'nginx -t', before any change:"
                + " nginx: [emerg] unknown directive \"proxy_bogus_option\" in " + portal + ":19"
                + " (hint: fix it first; moonlight changed nothing)\n", refused.err());
        assertEquals(broken, prefix.portalText());
    }

    @Test
    void reloadFailureIsReportedWithNginxsMessageAfterTheChange() {
        CliRun reload = run("install", "nginx", "--reload");

        assertEquals(1, reload.exitCode(), reload.toString());
        assertTrue(reload.out().startsWith("changed      nginx  " + portal), reload.toString());
        assertTrue(reload.out().contains("\nfailed       nginx-reload  " + main + "  ('nginx -c " + main
                + " -s reload' failed: nginx: [error] "), reload.toString());
        assertTrue(reload.out().contains(dir.resolve("nginx.pid").toString()),
                "nginx is not running: no pid in its pid file: " + reload);
    }

    private CliRun run(String... args) {
        return CliRun.of(Stream.concat(Stream.of("--config", dir.resolve("moonlight.yaml").toString()), Stream.of(args))
                .toArray(String[]::new));
    }
}
