package io.moonlight.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.doctor.CheckResult.Status;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.nginx.NginxRequest;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.NginxTestPrefix;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's nginx lines against the real nginx. */
@ServiceTest
class NginxCheckTest {
    @TempDir
    Path dir;

    @Test
    void blocksMissingThenInstalledThenStale() {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        String test = "'nginx -t -c " + prefix.mainConf() + "' passes";

        assertEquals(List.of(CheckResult.pass("nginx", test), CheckResult.warn("nginx blocks", "no moonlight blocks in "
                + prefix.portalConf() + ": browsers cannot reach the gateway", "moonlight install nginx --reload")),
                check(prefix.request("", false)));

        prefix.installer().install(prefix.request("", false));

        assertEquals(List.of(CheckResult.pass("nginx", test),
                CheckResult.pass("nginx blocks", prefix.portalConf() + " has moonlight's blocks, up to date")),
                check(prefix.request("", false)));

        NginxRequest otherPort = new NginxRequest(prefix.portalConf().toString(), prefix.mainConf(), "nginx",
                "", List.of(new GatewayAddress("127.0.0.1", 9004, 8005)), false, false);
        CheckResult stale = check(otherPort).get(1);
        assertEquals(Status.WARN, stale.status());
        assertEquals("the blocks in " + prefix.portalConf() + " differ from what 'install nginx' writes now", stale.summary());
    }

    @Test
    void editedBlockIsAWarning() throws IOException {
        NginxTestPrefix prefix = NginxTestPrefix.create(dir);
        prefix.installer().install(prefix.request("", false));
        Files.writeString(prefix.portalConf(), prefix.portalText().replace("proxy_buffering off;", "proxy_buffering on;"));

        CheckResult edited = check(prefix.request("", false)).get(1);

        assertEquals(Status.WARN, edited.status());
        assertEquals(prefix.portalConf() + ": block(s) locations edited by hand", edited.summary());
    }

    @Test
    void failingNginxTestIsAFailWithNginxsMessage() {
        String broken = NginxTestPrefix.resource("nginx/auth-portal.conf").replace("listen 80;", "listen 80 bogus;");
        NginxTestPrefix prefix = NginxTestPrefix.create(dir, broken, "");

        List<CheckResult> results = check(prefix.request("", false));

        assertEquals(1, results.size());
        assertEquals(Status.FAIL, results.get(0).status());
        assertEquals("'nginx -t -c " + prefix.mainConf() + "' fails: nginx: [emerg] invalid parameter \"bogus\" in "
                + prefix.portalConf() + ":7", results.get(0).summary());
    }

    @Test
    void missingNginxIsAWarningForVizNodes() {
        NginxRequest request = new NginxRequest("/etc/nginx/conf.d/auth-portal.conf", Path.of("/etc/nginx/nginx.conf"),
                dir.resolve("no-nginx-here").toString(), "", List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), false, false);

        CheckResult missing = check(request).get(0);

        assertEquals(Status.WARN, missing.status());
        assertEquals("'" + dir.resolve("no-nginx-here") + "' not found: expected on a viz node", missing.summary());
    }

    private static List<CheckResult> check(NginxRequest request) {
        return new NginxCheck(new ProcessCommandRunner(), new LocalHostFiles(), TemplateRenderer.shipped(), request).run();
    }
}
