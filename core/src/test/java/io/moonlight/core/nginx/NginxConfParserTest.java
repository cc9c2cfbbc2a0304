package io.moonlight.core.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxConfParserTest {

    @Test
    void readsDirectivesBlocksAndTheirOffsets() {
        String text = "upstream a {\n    server 127.0.0.1:1;\n}\nserver {\n    listen 443 ssl;\n}\n";

        List<NginxDirective> top = NginxConfParser.parse(text, "t.conf");

        assertEquals(List.of("upstream", "server"), top.stream().map(NginxDirective::name).toList());
        NginxDirective server = top.get(1);
        assertEquals(4, server.line());
        assertEquals(text.indexOf("server {"), server.start());
        assertEquals(text.indexOf("{", server.start()), server.blockOpen());
        assertEquals(text.lastIndexOf('}'), server.blockClose());
        assertEquals(new NginxDirective("listen", List.of("443", "ssl"), 5, text.indexOf("listen"),
                text.indexOf("ssl;") + 4, -1, null), server.block().get(0));
    }

    @Test
    void commentsAndQuotedStringsHideBracesAndSemicolons() {
        String text = "# server { listen 443; }\nset $t 'a { b; } \\' c';\nadd_header X \"}\" always; # }\n";

        List<NginxDirective> top = NginxConfParser.parse(text, "t.conf");

        assertEquals(2, top.size());
        assertEquals(List.of("$t", "a { b; } ' c"), top.get(0).args());
        assertEquals(List.of("X", "}", "always"), top.get(1).args());
    }

    @Test
    void hashInsideAWordIsNotAComment() {
        List<NginxDirective> top = NginxConfParser.parse("return 302 /a#b;\n", "t.conf");

        assertEquals(List.of("302", "/a#b"), top.get(0).args());
    }

    @Test
    void bracedVariableIsNotABlock() {
        List<NginxDirective> top = NginxConfParser.parse("location / { proxy_set_header Host ${host}x; }", "t.conf");

        assertEquals(List.of("Host", "${host}x"), top.get(0).block().get(0).args());
    }

    @Test
    void regexLocationKeepsItsCharacters() {
        List<NginxDirective> top = NginxConfParser.parse("location ~ ^/vncproxy/([0-9]+)/(.*)$ { return 204; }", "t.conf");

        assertEquals(List.of("~", "^/vncproxy/([0-9]+)/(.*)$"), top.get(0).args());
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        assertError("server {\n    listen 443;\n", "t.conf:3: unexpected end of file, expecting '}'");
        assertError("server {\n}\n}\n", "t.conf:3: unexpected '}'");
        assertError("listen 443\n}", "t.conf:2: unexpected '}', expecting ';'");
        assertError("set $a \"open;\n", "t.conf:1: unterminated quoted string");
        assertError("set $a \"x\"y;\n", "t.conf:1: unexpected 'y' after a quoted string");
        assertError("listen 443", "t.conf:1: unexpected end of file, expecting ';' or '}'");
    }

    private static void assertError(String text, String message) {
        MoonlightException error = assertThrows(MoonlightException.class, () -> NginxConfParser.parse(text, "t.conf"));
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(message, error.getMessage());
        assertTrue(error.hint().isPresent());
    }
}
