package io.moonlight.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void severalGatewaysAreListedWithTheRedisStoreOnly() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, "store:\n  type: redis\nnginx:\n  gateways: [\"gw1.cluster.internal:8004:8005\", "
                + "\"[fd00::12]:9004:9005\"]\n");

        assertEquals(List.of(new GatewayAddress("gw1.cluster.internal", 8004, 8005), new GatewayAddress("[fd00::12]", 9004, 9005)),
                ConfigLoader.read(file).nginx().upstreams(ConfigLoader.read(file).gateway()));
        assertBad("nginx:\n  gateways: [\"gw1:8004:8005\", \"gw2:8004:8005\"]\n",
                "configuration key 'nginx.gateways': lists 2 gateways with the sqlite store");
        assertBad("store:\n  type: redis\nnginx:\n  gateways: [\"gw1:8004\"]\n",
                "configuration key 'nginx.gateways': 'gw1:8004' is not host:api_port:signaling_port");
        assertBad("store:\n  type: redis\nnginx:\n  gateways: [\"gw1:8004:70000\"]\n",
                "configuration key 'nginx.gateways': 70000 is not a TCP/UDP port");
    }

    @Test
    void withoutGatewaysNginxForwardsToTheOneOnTheUpstreamHost() {
        MoonlightConfig config = MoonlightConfig.defaults();

        assertEquals(List.of(new GatewayAddress("127.0.0.1", 8004, 8005)), config.nginx().upstreams(config.gateway()));
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
