package io.moonlight.core.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.testing.Golden;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install/uninstall nginx against the real nginx binary and a realistic portal configuration. */
@ServiceTest
class NginxInstallerTest {
    @TempDir
    Path dir;

    @Test
    void installPutsTheBlocksIntoThePortalAndNginxAcceptsIt() {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String before = prefix.portalText();

        List<StepReport> reports = prefix.installer().install(prefix.request("", false));

        assertEquals(ChangeStatus.CHANGED, reports.get(0).status());
        assertTrue(reports.get(0).details().get(0).startsWith("backup: " + prefix.portalConf() + ".moonlight-"));
        ExecResult test = prefix.nginxTest();
        assertEquals(0, test.exitCode(), test.stderr());
        Golden.assertMatches("nginx/auth-portal.installed.conf", prefix.portalText());
        assertEquals(before, ManagedBlocks.scan(prefix.portalText(), "test", Set.of("upstreams", "locations")).base(),
                "everything outside the managed blocks, VNC locations included, keeps its bytes");
        assertEquals(1, count(prefix.nginxDump(), "map $http_upgrade $connection_upgrade"));
    }

    /**
     * The golden cases again for a file written on Windows (CRLF) and one without a final newline: the
     * expected file is the golden one with the same line endings, byte for byte, and taking the blocks
     * out gives back the original bytes.
     */
    @Test
    void aFileKeepsItsLineEndingsAndItsLastLine() {
        String portal = NginxTestPrefix.resource("nginx/auth-portal.conf");
        String golden = NginxTestPrefix.resource("golden/nginx/auth-portal.installed.conf");
        assertTrue(portal.endsWith("}\n") && golden.endsWith("}\n") && !portal.contains("\r"));
        record Case(String name, String before, String installed) {
        }
        for (Case c : List.of(new Case("crlf", portal.replace("\n", "\r\n"), golden.replace("\n", "\r\n")),
                new Case("no-final-newline", portal.substring(0, portal.length() - 1),
                        golden.substring(0, golden.length() - 1)))) {
            NginxTestPrefix prefix = NginxTestPrefix.create(dir.resolve(c.name()), c.before(), "");

            prefix.installer().install(prefix.request("", false));

            assertEquals(c.installed(), prefix.portalText(), c.name());
            ExecResult test = prefix.nginxTest();
            assertEquals(0, test.exitCode(), c.name() + ": " + test.stderr());
            assertEquals(ChangeStatus.UNCHANGED, prefix.installer().install(prefix.request("", false)).get(0).status(),
                    c.name() + ": the blocks are recognised as moonlight's, unedited");
            prefix.installer().uninstall(prefix.request("", false));
            assertEquals(c.before(), prefix.portalText(), c.name());
        }
    }

    @Test
    void secondRunChangesNothing() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        prefix.installer().install(prefix.request("", false));
        String installed = prefix.portalText();

        List<StepReport> again = prefix.installer().install(prefix.request("", false));

        assertEquals(ChangeStatus.UNCHANGED, again.get(0).status());
        assertEquals(installed, prefix.portalText());
        assertEquals(1, prefix.backups());
    }

    @Test
    void handEditedBlockIsRefusedWithoutForceAndReplacedWithIt() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        prefix.installer().install(prefix.request("", false));
        String installed = prefix.portalText();
        String edited = installed.replace("proxy_read_timeout 86400s;", "proxy_read_timeout 60s;");
        Files.writeString(prefix.portalConf(), edited);

        MoonlightException refused = assertThrows(MoonlightException.class,
                () -> prefix.installer().install(prefix.request("", false)));

        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertTrue(refused.getMessage().contains("'locations'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("edited by hand"), refused.getMessage());
        assertEquals(edited, prefix.portalText());

        List<StepReport> forced = prefix.installer().install(prefix.request("", true));

        assertEquals(ChangeStatus.CHANGED, forced.get(0).status());
        assertEquals(installed, prefix.portalText());
        Path backup = Path.of(forced.get(0).details().get(0).substring("backup: ".length()));
        assertEquals(edited, Files.readString(backup), "the hand edit survives in the backup");
    }

    @Test
    void configurationThatAlreadyFailsNginxTestIsRefusedAndLeftAlone() {
        String broken = NginxTestPrefix.resource("nginx/auth-portal.conf")
                .replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.2 TLSv1.3;\n\tproxy_bogus_option on;");
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, broken, "");

        MoonlightException refused = assertThrows(MoonlightException.class,
                () -> prefix.installer().install(prefix.request("", false)));

        assertEquals(ExitCode.ERROR, refused.exitCode());
        assertTrue(refused.getMessage().contains("already fails 'nginx -t'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("nginx: [emerg] unknown directive \"proxy_bogus_option\" in "
                + prefix.portalConf() + ":19"), refused.getMessage());
        assertEquals(broken, prefix.portalText());
        assertEquals(0, prefix.backups());
    }

    @Test
    void changeThatNginxRejectsIsRolledBackWithNginxsMessage() {
        String clash = NginxTestPrefix.resource("nginx/auth-portal.conf")
                .replace("\tlocation / {", "\tlocation /api/moonlight/ {\n\t\treturn 404;\n\t}\n\n\tlocation / {");
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, clash, "");

        MoonlightException failed = assertThrows(MoonlightException.class,
                () -> prefix.installer().install(prefix.request("", false)));

        assertEquals(ExitCode.ERROR, failed.exitCode());
        assertTrue(failed.getMessage().contains("nginx: [emerg] duplicate location \"/api/moonlight/\""), failed.getMessage());
        assertEquals(clash, prefix.portalText(), "the file is put back byte for byte");
        assertEquals(0, prefix.nginxTest().exitCode());
    }

    @Test
    void fileWithoutHttpsServerIsAClearError() {
        String plain = "server {\n    listen 80;\n    location /vnc/ {\n        proxy_pass http://127.0.0.1:8002/;\n    }\n}\n";
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, plain, "");

        MoonlightException error = assertThrows(MoonlightException.class,
                () -> prefix.installer().install(prefix.request("", false)));

        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(prefix.portalConf() + " has no server with 'listen 443'", error.getMessage());
        assertEquals(plain, prefix.portalText());
    }

    @Test
    void twoHttpsServersNeedServerNameAndWorkWithIt() {
        String portal = NginxTestPrefix.resource("nginx/auth-portal.conf") + NginxTestPrefix.FILES_SERVER;
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, portal, "");

        MoonlightException ask = assertThrows(MoonlightException.class,
                () -> prefix.installer().install(prefix.request("", false)));

        assertEquals(ExitCode.USAGE, ask.exitCode());
        assertEquals(prefix.portalConf() + " has 2 servers listening on 443: line 12 (server_name portal.example.org),"
                + " line 58 (server_name files.example.org)", ask.getMessage());
        assertEquals("choose one with --server-name NAME (or nginx.server_name)", ask.hint().orElseThrow());
        assertEquals(portal, prefix.portalText());

        prefix.installer().install(prefix.request("files.example.org", false));

        assertEquals(0, prefix.nginxTest().exitCode());
        String installed = prefix.portalText();
        int second = installed.indexOf("server_name files.example.org;");
        assertTrue(installed.indexOf("# BEGIN moonlight managed block: locations") > second,
                "the locations went into the server that was named");
        assertTrue(installed.contains("        return 204;\n    }\n    # BEGIN moonlight managed block: locations"),
                "indented like the server's own directives, before its closing brace");
    }

    @Test
    void existingConnectionUpgradeMapIsNotDefinedTwice() {
        String map = "    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        '' close;\n    }\n";
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, NginxTestPrefix.resource("nginx/auth-portal.conf"), map);

        prefix.installer().install(prefix.request("", false));

        ExecResult test = prefix.nginxTest();
        assertEquals(0, test.exitCode(), test.stderr());
        assertFalse(prefix.portalText().contains("map $http_upgrade"));
        assertEquals(1, count(prefix.nginxDump(), "map $http_upgrade $connection_upgrade"));
    }

    @Test
    void uninstallRestoresTheFileExactly() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String before = prefix.portalText();
        Files.setPosixFilePermissions(prefix.portalConf(), PosixFilePermissions.fromString("rw-r-----"));
        prefix.installer().install(prefix.request("", false));

        List<StepReport> removed = prefix.installer().uninstall(prefix.request("", false));

        assertEquals(ChangeStatus.CHANGED, removed.get(0).status());
        assertEquals(before, prefix.portalText());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix.portalConf())));
        assertEquals(0, prefix.nginxTest().exitCode());
        assertEquals(ChangeStatus.UNCHANGED, prefix.installer().uninstall(prefix.request("", false)).get(0).status());
    }

    @Test
    void dryRunWritesNothingAndShowsTheWholeFileAndTheCommands() {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String before = prefix.portalText();
        DryRunPlan plan = new DryRunPlan();
        NginxRequest request = new NginxRequest(prefix.portalConf().toString(), prefix.mainConf(), "nginx",
                "", List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), false, true);

        List<StepReport> reports = prefix.dryRunInstaller(plan).install(request);

        assertEquals(List.of(ChangeStatus.WOULD_CHANGE, ChangeStatus.WOULD_CHANGE),
                reports.stream().map(StepReport::status).toList());
        assertEquals(before, prefix.portalText());
        assertEquals(0, prefix.backups());
        List<DryRunPlan.Action> actions = plan.actions();
        assertEquals(3, actions.size(), actions.toString());
        assertEquals(new DryRunPlan.Action("write", prefix.portalConf().toString(),
                Golden.read("nginx/auth-portal.installed.conf")), actions.get(0));
        assertEquals(new DryRunPlan.Action("run", "nginx -t -c " + prefix.mainConf(), null), actions.get(1));
        assertEquals(new DryRunPlan.Action("run", "nginx -c " + prefix.mainConf() + " -s reload", null), actions.get(2));
    }

    @Test
    void uninstallDryRunShowsTheRestoredFileAndChangesNothing() {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String before = prefix.portalText();
        prefix.installer().install(prefix.request("", false));
        String installed = prefix.portalText();
        DryRunPlan plan = new DryRunPlan();

        List<StepReport> reports = prefix.dryRunInstaller(plan).uninstall(prefix.request("", false));

        assertEquals(ChangeStatus.WOULD_CHANGE, reports.get(0).status());
        assertEquals(List.of(new DryRunPlan.Action("write", prefix.portalConf().toString(), before),
                new DryRunPlan.Action("run", "nginx -t -c " + prefix.mainConf(), null)), plan.actions());
        assertEquals(installed, prefix.portalText());
    }

    @Test
    void previewGivesTheBlocksOnlyAndChangesNothing() {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String before = prefix.portalText();

        String blocks = prefix.installer().preview(prefix.request("", false));

        assertTrue(blocks.startsWith("# BEGIN moonlight managed block: upstreams (sha256:"), blocks);
        assertTrue(blocks.endsWith("\t# END moonlight managed block: locations\n"), blocks);
        assertFalse(blocks.contains("server_name"));
        assertEquals(before, prefix.portalText());
    }

    @Test
    void fileThatNginxDoesNotReadIsRefused() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        Path elsewhere = dir.resolve("auth-portal.conf");
        Files.move(prefix.portalConf(), elsewhere);
        NginxRequest request = new NginxRequest(elsewhere.toString(), prefix.mainConf(), "nginx", "",
                List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), false, false);

        MoonlightException error = assertThrows(MoonlightException.class, () -> prefix.installer().install(request));

        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(elsewhere + " is not part of the nginx configuration " + prefix.mainConf(), error.getMessage());
    }

    @Test
    void linkInSitesEnabledStaysALinkAndTheRealFileChanges() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, "", "    include sites-enabled/*;\n");
        Path available = Files.createDirectories(dir.resolve("sites-available")).resolve("portal");
        Path enabled = Files.createDirectories(dir.resolve("sites-enabled")).resolve("portal");
        Files.writeString(available, NginxTestPrefix.resource("nginx/auth-portal.conf"));
        Files.createSymbolicLink(enabled, available);
        NginxRequest request = new NginxRequest(enabled.toString(), prefix.mainConf(), "nginx", "",
                List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), false, false);

        List<StepReport> reports = prefix.installer().install(request);

        assertEquals(new StepReport("nginx", available.toString(), ChangeStatus.CHANGED, reports.get(0).details()),
                reports.get(0));
        assertTrue(Files.isSymbolicLink(enabled));
        assertEquals(Golden.read("nginx/auth-portal.installed.conf"), Files.readString(available));
        try (var files = Files.list(dir.resolve("sites-enabled"))) {
            assertEquals(List.of(enabled), files.toList(), "the backup is beside the real file, not read by nginx");
        }
        assertEquals(0, prefix.nginxTest().exitCode());
    }

    @Test
    void fileInADirectoryNginxReadsWhollyIsRefusedBecauseOfTheBackups() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, "", "    include sites-enabled/*;\n");
        Path enabled = Files.createDirectories(dir.resolve("sites-enabled")).resolve("portal");
        Files.writeString(enabled, NginxTestPrefix.resource("nginx/auth-portal.conf"));
        NginxRequest request = new NginxRequest(enabled.toString(), prefix.mainConf(), "nginx", "",
                List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), false, false);

        MoonlightException error = assertThrows(MoonlightException.class, () -> prefix.installer().install(request));

        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals("nginx would also read the backups moonlight keeps beside " + enabled
                + " ('include sites-enabled/*' matches portal.moonlight-00000000-000000.bak)", error.getMessage());
        assertEquals(NginxTestPrefix.resource("nginx/auth-portal.conf"), Files.readString(enabled));
    }

    @Test
    void blocksMovedByTheAdminStayWhereTheyAre() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        prefix.installer().install(prefix.request("", false));
        String installed = prefix.portalText();
        int begin = installed.indexOf("# BEGIN moonlight managed block: upstreams");
        int end = installed.indexOf("# END moonlight managed block: upstreams\n") + "# END moonlight managed block: upstreams\n".length();
        String block = installed.substring(begin, end);
        String moved = (installed.substring(0, begin) + installed.substring(end)).replace("\nserver {\n    listen 80;",
                "\n" + block + "server {\n    listen 80;");
        Files.writeString(prefix.portalConf(), moved);

        assertEquals(ChangeStatus.UNCHANGED, prefix.installer().install(prefix.request("", false)).get(0).status());
        assertEquals(moved, prefix.portalText());
    }

    private static int count(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
