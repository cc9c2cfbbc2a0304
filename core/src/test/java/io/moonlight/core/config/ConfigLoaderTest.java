package io.moonlight.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void documentedDefaultFileIsExactlyTheBuiltInDefaults() {
        assertEquals(MoonlightConfig.defaults(), ConfigLoader.parse("default", ConfigLoader.commentedDefault()));
    }

    @Test
    void partialFileKeepsDefaultsForEverythingElse() {
        MoonlightConfig config = ConfigLoader.parse("t", "slurm:\n  partition: gpuviz\n");
        assertEquals("gpuviz", config.slurm().partition());
        assertEquals("moonlight", config.slurm().qos());
        assertEquals(8004, config.gateway().apiPort());
        assertEquals(3, config.images().size());
    }

    @Test
    void emptyFileMeansDefaults() {
        assertEquals(MoonlightConfig.defaults(), ConfigLoader.parse("t", "\n"));
    }

    @Test
    void unknownKeyNamesTheFullKeyAndTheKnownOnes() {
        MoonlightException e = badInput("nginx:\n  confx: /x\n");
        assertTrue(e.getMessage().contains("unknown configuration key 'nginx.confx'"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("server_name"), e.hint().orElseThrow());
    }

    @Test
    void wrongTypeNamesKeyAndExpectation() {
        MoonlightException e = badInput("gateway:\n  api_port: eighty\n");
        assertTrue(e.getMessage().contains("'gateway.api_port'"), e.getMessage());
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesKeyAndWhy() {
        assertTrue(badInput("gateway:\n  api_port: 70000\n").getMessage().contains("gateway.api_port"));
        assertTrue(badInput("sunshine:\n  port_stride: 20\n").getMessage().contains("sunshine.port_stride"));
        assertTrue(badInput("sunshine:\n  max_sessions_per_node: 0\n").getMessage()
                .contains("sunshine.max_sessions_per_node"));
        assertTrue(badInput("sunshine:\n  base_port: 65500\n  max_sessions_per_node: 2\n").getMessage()
                .contains("end past port 65535"));
        assertTrue(badInput("slurm:\n  max_wall: 8h\n").getMessage().contains("slurm.max_wall"));
        assertTrue(badInput("store:\n  type: mongodb\n").getMessage().contains("store.type"));
        assertTrue(badInput("paths:\n  state_dir: relative/dir\n").getMessage().contains("paths.state_dir"));
        assertTrue(badInput("store:\n  redis:\n    sentinels: [nohostport]\n").getMessage()
                .contains("store.redis.sentinels"));
        assertTrue(badInput("store:\n  redis:\n    sentinel_master: mymaster\n").getMessage()
                .contains("'store.redis.sentinels': empty while sentinel_master is set"));
    }

    @Test
    void pathsAreResolvedOnceWhenLoadedWithTildeAsTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home"));
        MoonlightConfig config = ConfigLoader.parse("moonlight.yaml", "store:\n  sqlite_path: ~/x.db\n"
                + "paths:\n  session_root: /gpfs/scratch\nsessions:\n  launcher: ~/bin/moonlight\n  job_config: \"\"\n");
        assertEquals(home.resolve("x.db"), config.store().sqlitePath());
        assertEquals(Path.of("/gpfs/scratch"), config.paths().sessionRoot());
        assertEquals(home.resolve("bin/moonlight"), config.sessions().launcher());
        assertEquals(null, config.sessions().jobConfig(), "empty: not set");
        assertEquals(home.resolve(".ssh/id_ed25519"), MoonlightConfig.defaults().ssh().identityFile(), "defaults too");
        assertEquals(Path.of("/a:b/c d.db"), ConfigLoader.parse("t", "store:\n  sqlite_path: \"/a:b/c d.db\"\n")
                .store().sqlitePath(), "a path is text, not a URI");
        for (String relative : List.of("x.db", "./x.db", "~alice/x.db", "\"\"")) {
            assertEquals("moonlight.yaml: configuration key 'store.sqlite_path': '" + relative.replace("\"", "")
                    + "' is not an absolute path", badInput("store:\n  sqlite_path: " + relative + "\n").getMessage());
        }
        assertEquals("moonlight.yaml: bad value for configuration key 'store.sqlite_path': expected a file path",
                badInput("store:\n  sqlite_path: [a, b]\n").getMessage());
    }

    @Test
    void aGatewaysIdIsItsHostAndSignalingPortUnlessConfigured() {
        assertEquals("head01:8005", MoonlightConfig.defaults().gateway().instanceIdOr("head01", 8005));
        assertEquals("gw-2.cluster:9005", ConfigLoader.parse("moonlight.yaml", "gateway:\n  instance_id: gw-2.cluster:9005\n")
                .gateway().instanceIdOr("head01", 8005));
        assertEquals("moonlight.yaml: configuration key 'gateway.instance_id': 'gw 2' is not a gateway id",
                badInput("gateway:\n  instance_id: gw 2\n").getMessage());
    }

    @Test
    void rateLimitsAreCountsAndTrustedProxiesAreAddresses() {
        assertEquals("moonlight.yaml: configuration key 'gateway.rate_limit.per_user_per_minute': -1 is below 0",
                badInput("gateway:\n  rate_limit:\n    per_user_per_minute: -1\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'gateway.trusted_proxies': 'nginx.example.org' is not an IP address",
                badInput("gateway:\n  trusted_proxies: [nginx.example.org]\n").getMessage());
        GatewayConfig gateway = ConfigLoader.parse("moonlight.yaml",
                "gateway:\n  rate_limit:\n    per_address_per_minute: 0\n  trusted_proxies: [10.0.0.5, \"fd00::5\"]\n").gateway();
        assertEquals(0, gateway.rateLimit().perAddressPerMinute());
        assertEquals(120, gateway.rateLimit().perUserPerMinute());
        assertEquals(List.of("10.0.0.5", "fd00::5"), gateway.trustedProxies());
    }

    @Test
    void recordsAreKeptAtLeastADayAndNoShorterThanDirectories() {
        assertEquals("moonlight.yaml: configuration key 'sessions.keep_records_days': 0 is below 1",
                badInput("sessions:\n  keep_days: 0\n  keep_records_days: 0\n").getMessage());
        MoonlightException shorter = badInput("sessions:\n  keep_days: 30\n  keep_records_days: 10\n");
        assertEquals("moonlight.yaml: configuration key 'sessions.keep_records_days': 10 is below 30", shorter.getMessage());
        assertTrue(shorter.hint().orElseThrow().contains("sessions.keep_days (30)"), shorter.hint().orElseThrow());
        assertEquals(120, ConfigLoader.parse("moonlight.yaml", "sessions:\n  keep_days: 120\n  keep_records_days: 120\n")
                .sessions().keepRecordsDays());
        assertEquals(90, ConfigLoader.parse("moonlight.yaml", "sessions:\n  keep_days: 0\n").sessions().keepRecordsDays());
    }

    @Test
    void vncNamesAreRefused() {
        assertTrue(badInput("slurm:\n  qos: vnc\n").getMessage().contains("VNC"));
        assertTrue(badInput("images:\n  x:\n    definition: sunshine_xfce4\n    file: vnc_xfce.sif\n")
                .getMessage().contains("images.x.file"));
        assertTrue(badInput("gateway:\n  api_port: 8002\n").getMessage().contains("VNC"));
    }

    @Test
    void badImageEntriesAreRefused() {
        assertTrue(badInput("images:\n  Bad_Id:\n    definition: d\n    file: a.sif\n").getMessage()
                .contains("images.Bad_Id"));
        assertTrue(badInput("images:\n  x:\n    file: a.sif\n").getMessage().contains("images.x.definition"));
        assertTrue(badInput("images:\n  x:\n    definition: d\n    file: ../a.sif\n").getMessage()
                .contains("images.x.file"));
    }

    @Test
    void duplicateKeysAndBrokenYamlAreErrors() {
        assertTrue(badInput("slurm:\n  qos: a\n  qos: b\n").getMessage().contains("'qos' is given twice at line 3"));
        assertTrue(badInput("slurm:\n  qos: a\n    partition: b\n").getMessage().contains("not valid YAML"));
    }

    @Test
    void unknownImageListsTheKnownOnes() {
        MoonlightException e = assertThrows(MoonlightException.class, () -> MoonlightConfig.defaults().image("kde"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.hint().orElseThrow().contains("xfce4, gnome, gnome-lsprepost"), e.hint().orElseThrow());
    }

    @Test
    void explicitFileWinsOverEnvironmentWhichWinsOverDefault(@TempDir Path dir) throws Exception {
        Path explicit = Files.writeString(dir.resolve("a.yaml"), "slurm:\n  partition: a\n");
        Path fromEnv = Files.writeString(dir.resolve("b.yaml"), "slurm:\n  partition: b\n");
        Map<String, String> env = Map.of(ConfigLoader.ENV_VARIABLE, fromEnv.toString());
        assertEquals("a", ConfigLoader.load(explicit, env).config().slurm().partition());
        assertEquals("b", ConfigLoader.load(null, env).config().slurm().partition());
        assertEquals(fromEnv, ConfigLoader.load(null, env).file().orElseThrow());
    }

    @Test
    void namedFileThatDoesNotExistIsAnError(@TempDir Path dir) {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("not found"));
    }

    @Test
    void secretsAreMaskedOnlyWhenSet() {
        MoonlightConfig config = ConfigLoader.parse("t", "gateway:\n  jwt:\n    hs256_secret: s3cret-s3cret-s3cret-s3cret-s3cret\n"
                + "store:\n  redis:\n    password: pw\n");
        String shown = MaskedConfig.of(config).toString();
        assertFalse(shown.contains("s3cret"));
        assertFalse(shown.contains("\"pw\""));
        assertTrue(shown.contains("\"hs256_secret\":\"********\""), shown);
        assertTrue(shown.contains("\"jwks_url\":\"\""), shown);
    }

    @Test
    void jwtSettingsAreChecked() {
        assertTrue(badInput("gateway:\n  jwt:\n    hs256_secret: short\n").getMessage()
                .contains("'gateway.jwt.hs256_secret': shorter than 32 bytes"));
        assertTrue(badInput("gateway:\n  jwt:\n    hs256_secret: s3cret-s3cret-s3cret-s3cret-s3cret\n"
                + "    jwks_url: https://portal/jwks\n").getMessage().contains("more than one"));
        assertTrue(badInput("gateway:\n  jwt:\n    leeway_seconds: 3600\n").getMessage()
                .contains("'gateway.jwt.leeway_seconds'"));
        assertTrue(badInput("gateway:\n  jwt:\n    rs256_public_key: key.pem\n").getMessage()
                .contains("'gateway.jwt.rs256_public_key'"));
        assertTrue(badInput("gateway:\n  metrics_need_token: maybe\n").getMessage()
                .contains("gateway.metrics_need_token"));
    }

    @Test
    void allowedOriginsDefaultToThePublicUrlsOriginAndAreWrittenAsBrowsersSendThem() {
        assertEquals(List.of("https://portal.example.org"), ConfigLoader.parse("t",
                "gateway:\n  public_url: https://Portal.Example.org:443/hpc/\n").gateway().allowedOrigins());
        assertEquals(List.of("https://localhost"), MoonlightConfig.defaults().gateway().allowedOrigins());
        assertEquals(List.of("http://127.0.0.1:8004", "https://[::1]:8443"), ConfigLoader.parse("t",
                "gateway:\n  allowed_origins: [\"http://127.0.0.1:8004/\", \"https://[::1]:8443\"]\n")
                .gateway().allowedOrigins());
        assertEquals("moonlight.yaml: configuration key 'gateway.allowed_origins': 'https://portal.example.org/hpc' "
                + "is not a web origin", badInput("gateway:\n  allowed_origins: [https://portal.example.org/hpc]\n")
                .getMessage());
        assertTrue(badInput("gateway:\n  allowed_origins: [\"*\"]\n").getMessage().contains("not a web origin"));
        assertTrue(badInput("gateway:\n  allowed_origins: []\n").getMessage().contains("no origin listed"));
        assertFalse(MoonlightConfig.defaults().gateway().adminsJoinSessions());
        assertFalse(MoonlightConfig.defaults().gateway().adminsWatchSessions());
        assertTrue(ConfigLoader.parse("t", "gateway:\n  admins_watch_sessions: true\n").gateway().adminsWatchSessions());
    }

    @Test
    void iceServersAreStunOnlyAndAStaticTurnCredentialIsRefused() {
        GatewayConfig gateway = ConfigLoader.parse("t", "gateway:\n  ice_servers:\n"
                + "    - urls: [\"stun:stun.example.org:3478\", \"stuns:[fd00::1]:5349\"]\n").gateway();
        assertEquals(List.of(new IceServerConfig(List.of("stun:stun.example.org:3478", "stuns:[fd00::1]:5349"), null,
                null)), gateway.iceServers());
        assertEquals(List.of(), MoonlightConfig.defaults().gateway().iceServers(), "no public STUN server by default");
        MoonlightException turn = badInput("gateway:\n  ice_servers:\n    - urls: [\"turn:t.example.org:3478\"]\n"
                + "      username: moonlight\n      credential: turn-s3cret\n");
        assertEquals("moonlight.yaml: configuration key 'gateway.ice_servers.urls': 'turn:t.example.org:3478' is a TURN "
                + "server here, which needs a static credential", turn.getMessage());
        assertTrue(turn.hint().orElseThrow().contains("configure the turn section"), turn.hint().orElseThrow());
        assertEquals("moonlight.yaml: configuration key 'gateway.ice_servers': a static username or credential is not "
                + "accepted", badInput("gateway:\n  ice_servers:\n    - urls: [\"stun:s.example.org\"]\n"
                        + "      username: u\n      credential: c\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'gateway.ice_servers.urls': 'http://stun.example.org' is not "
                + "a STUN URL", badInput("gateway:\n  ice_servers:\n    - urls: [\"http://stun.example.org\"]\n")
                .getMessage());
        assertTrue(badInput("gateway:\n  ice_servers:\n    - urls: []\n").getMessage().contains("without URLs"));
        assertTrue(badInput("gateway:\n  ice_servers:\n    - ~\n").getMessage().contains("an empty entry"));
    }

    @Test
    void theTurnSectionTakesItsHostFromThePublicUrlAndChecksEveryValue() {
        TurnConfig turn = ConfigLoader.parse("t", "gateway:\n  public_url: https://portal.example.org:8443/x\n").turn();
        assertFalse(turn.enabled());
        assertEquals("portal.example.org", turn.host());
        assertEquals("portal.example.org", turn.effectiveRealm());
        assertEquals(List.of("turn:portal.example.org:3478?transport=udp", "turn:portal.example.org:3478?transport=tcp"),
                turn.urls(), "no TLS URL without a certificate");
        assertEquals(86400, turn.credentialLifetimeSeconds());
        String shown = MaskedConfig.of(ConfigLoader.parse("t",
                "gateway:\n  jwt:\n    hs256_secret: s3cret-s3cret-s3cret-s3cret-s3cret\n")).toString();
        assertTrue(shown.contains("\"secret_file\":\"/etc/moonlight/turn-secret\""), "a path is no secret: " + shown);
        assertFalse(shown.contains("s3cret"), shown);
        assertEquals("moonlight.yaml: configuration key 'turn.allowed_peer_ranges': '10.0.0.0/33' is not an address "
                + "range", badInput("turn:\n  allowed_peer_ranges: [10.0.0.0/33]\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'turn.certificate_file': a certificate without a private key, or a "
                + "key without a certificate", badInput("turn:\n  certificate_file: /etc/ssl/portal.pem\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'turn.relay_ips': 'turn.example.org' is not an IP address",
                badInput("turn:\n  relay_ips: [turn.example.org]\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'turn.min_port': 60000 is above turn.max_port 50000",
                badInput("turn:\n  min_port: 60000\n  max_port: 50000\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'turn.realm': 'a b' is not a plain realm",
                badInput("turn:\n  realm: a b\n").getMessage());
        assertEquals("moonlight.yaml: configuration key 'turn.credential_lifetime_seconds': 10 is below 60",
                badInput("turn:\n  credential_lifetime_seconds: 10\n").getMessage());
    }

    private static MoonlightException badInput(String yaml) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> ConfigLoader.parse("moonlight.yaml", yaml));
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("moonlight.yaml: "), e.getMessage());
        return e;
    }
}
