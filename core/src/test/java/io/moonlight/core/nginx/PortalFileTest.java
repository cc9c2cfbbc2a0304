package io.moonlight.core.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortalFileTest {

    @Test
    void everyFormOfListenOn443Counts() {
        for (String listen : new String[] {"443", "443 ssl http2", "[::]:443 ssl", "10.0.0.1:443", "*:443 default_server"}) {
            assertTrue(https("listen " + listen + ";"), listen);
        }
        for (String listen : new String[] {"8443 ssl", "80", "portal.example.org", "[::]:4430", "unix:/run/443.sock"}) {
            assertFalse(https("listen " + listen + ";"), listen);
        }
    }

    @Test
    void onlyTopLevelServersCount() {
        String text = "upstream u {\n    server 127.0.0.1:443;\n}\nserver {\n    listen 80;\n}\n";

        MoonlightException error = assertThrows(MoonlightException.class,
                () -> PortalFile.parse(text, "p.conf").httpsServer(""));

        assertEquals("p.conf has no server with 'listen 443'", error.getMessage());
    }

    @Test
    void aNameThatNoHttpsServerHasListsTheServers() {
        PortalFile portal = PortalFile.parse("server {\n    listen 443;\n    server_name a.example.org _;\n}\n", "p.conf");

        MoonlightException error = assertThrows(MoonlightException.class, () -> portal.httpsServer("b.example.org"));

        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals("no server listening on 443 in p.conf has server_name 'b.example.org'; there are:"
                + " line 1 (server_name a.example.org _)", error.getMessage());
        assertEquals(1, portal.httpsServer("_").line());
    }

    @Test
    void locationsGoBeforeTheClosingBraceIndentedLikeTheServersDirectives() {
        String text = "  server {\n      listen 443;\n  }\n";
        PortalFile portal = PortalFile.parse(text, "p.conf");
        NginxDirective server = portal.httpsServer("");

        assertEquals(text.indexOf("  }"), portal.locationsOffset(server, Optional.empty()));
        assertEquals("      ", portal.indentInside(server));
        assertEquals("    ", portal.indentUnit(server));
    }

    @Test
    void closingBraceSharingItsLineIsRefused() {
        PortalFile portal = PortalFile.parse("server {\n    listen 443; }\n", "p.conf");

        MoonlightException error = assertThrows(MoonlightException.class,
                () -> portal.locationsOffset(portal.httpsServer(""), Optional.empty()));

        assertEquals("p.conf:2: the closing brace of the server at line 1 shares its line with other text",
                error.getMessage());
    }

    @Test
    void upstreamsGoBeforeTheFirstDirectiveUnlessTheyWereMovedElsewhereAtTopLevel() {
        String text = "# portal\n\nserver {\n    listen 443;\n}\n\nupstream u {\n    server 127.0.0.1:1;\n}\n";
        PortalFile portal = PortalFile.parse(text, "p.conf");

        assertEquals(text.indexOf("server {"), portal.topOffset(Optional.empty()));
        assertEquals(text.indexOf("upstream"), portal.topOffset(Optional.of(text.indexOf("upstream"))));
        assertEquals(text.indexOf("server {"), portal.topOffset(Optional.of(text.indexOf("    listen"))),
                "a place inside the server is not the top level");
    }

    @Test
    void aMainConfigurationIsNotAPortalFile() {
        MoonlightException error = assertThrows(MoonlightException.class,
                () -> PortalFile.parse("events {\n}\nhttp {\n}\n", "/etc/nginx/nginx.conf"));

        assertTrue(error.getMessage().startsWith("/etc/nginx/nginx.conf:1: has an 'events' block"), error.getMessage());
    }

    private static boolean https(String listen) {
        return PortalFile.listensOn443(NginxConfParser.parse("server {\n    " + listen + "\n}\n", "p.conf").get(0));
    }
}
