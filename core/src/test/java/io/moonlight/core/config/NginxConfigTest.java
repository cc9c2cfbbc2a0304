package io.moonlight.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxConfigTest {
    @TempDir
    Path dir;

    @Test
    void badValuesNameTheirKey() {
        assertBad("nginx:\n  main_conf: nginx.conf\n", "configuration key 'nginx.main_conf': 'nginx.conf' is not an absolute path");
        assertBad("nginx:\n  upstream_host: \"127.0.0.1; deny all\"\n",
                "configuration key 'nginx.upstream_host': '127.0.0.1; deny all' is not a host name or address");
        assertBad("nginx:\n  server_name: \"a.example.org b.example.org\"\n",
                "configuration key 'nginx.server_name': 'a.example.org b.example.org' is not one server name");
    }

    @Test
    void upstreamHostMayBeAnIpv6AddressInBrackets() throws IOException {
        Path file = dir.resolve("v6.yaml");
        Files.writeString(file, "nginx:\n  upstream_host: \"[fd00::10]\"\n");

        assertEquals("[fd00::10]", ConfigLoader.read(file).nginx().upstreamHost());
    }

    private void assertBad(String yaml, String message) {
        Path file = dir.resolve("bad.yaml");
        MoonlightException error = assertThrows(MoonlightException.class, () -> {
            Files.writeString(file, yaml);
            ConfigLoader.read(file);
        });
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(file + ": " + message, error.getMessage());
    }
}
