package io.moonlight.cli.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.core.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moonlight gateway token}: a token signed with the gateway's HS256 secret under the configured
 * claim names, that a client with the secret verifies; refusals for a gateway without an HS256
 * secret, a bad user, hours out of range.
 */
class GatewayTokenCommandTest {
    private static final String SECRET = "a-portal-secret-of-at-least-32-bytes!";

    @TempDir
    Path dir;

    @Test
    void printsATokenSignedWithTheSecretUnderTheConfiguredClaims() throws IOException {
        Path config = config("  jwt:\n    hs256_secret: " + SECRET + "\n    username_claim: uid\n    groups_claim: roles\n");
        CliRun run = CliRun.of("--config", config.toString(), "gateway", "token", "--user", "alice",
                "--groups", "HPC-Users,GPU-Users", "--hours", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.err(), "the token alone, on stdout");
        DecodedJWT token = JWT.require(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8))).build()
                .verify(run.out().strip());
        assertEquals("HS256", token.getAlgorithm());
        assertEquals("alice", token.getClaim("uid").asString());
        assertEquals(List.of("HPC-Users", "GPU-Users"), token.getClaim("roles").asList(String.class));
        Duration life = Duration.between(token.getIssuedAtAsInstant(), token.getExpiresAtAsInstant());
        assertEquals(Duration.ofHours(2), life);
        assertTrue(Math.abs(Duration.between(Instant.now(), token.getIssuedAtAsInstant()).toSeconds()) < 60);
        assertThrows(SignatureVerificationException.class, () -> JWT.require(Algorithm.HMAC256(
                "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))).build().verify(run.out().strip()));
    }

    @Test
    void jsonNamesTheUserGroupsAndExpiry() throws IOException {
        Path config = config("  jwt:\n    hs256_secret: " + SECRET + "\n");
        CliRun run = CliRun.of("--config", config.toString(), "gateway", "token", "--user", "demo", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("demo", doc.get("user").asText());
        assertEquals("HPC-Users", doc.get("groups").get(0).asText());
        DecodedJWT token = JWT.decode(doc.get("token").asText());
        assertEquals("demo", token.getClaim("preferred_username").asString());
        assertEquals(token.getExpiresAtAsInstant(), Instant.parse(doc.get("expires_at").asText()).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void refusesWhatItCannotOrShouldNotSign() throws IOException {
        Path hs = config("  jwt:\n    hs256_secret: " + SECRET + "\n");
        Path rsa = config("  jwt:\n    jwks_url: https://portal.example.org/jwks.json\n");
        assertRefused(CliRun.of("--config", rsa.toString(), "gateway", "token", "--user", "alice"),
                "the gateway checks tokens with a key moonlight does not hold");
        assertRefused(CliRun.of("--config", hs.toString(), "gateway", "token", "--user", "../root"), "../root");
        assertRefused(CliRun.of("--config", hs.toString(), "gateway", "token", "--user", "alice", "--hours", "0"),
                "--hours 0 is out of range");
        assertRefused(CliRun.of("--config", hs.toString(), "gateway", "token", "--user", "alice", "--hours", "999"),
                "--hours 999 is out of range");
        assertRefused(CliRun.of("--config", hs.toString(), "gateway", "token", "--user", "alice", "--groups", ""),
                "at least one group");
    }

    private static void assertRefused(CliRun run, String message) {
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertEquals("", run.out(), "no token for a refusal");
        assertTrue(run.err().contains(message), run.toString());
        assertFalse(run.err().contains(SECRET), "the secret is never printed");
    }

    private Path config(String gatewayLines) throws IOException {
        Path config = dir.resolve("moonlight-" + gatewayLines.hashCode() + ".yaml");
        Files.writeString(config, "gateway:\n" + gatewayLines);
        return config;
    }
}
