package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.algorithms.Algorithm;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 with the portal's PEM public key: only tokens signed with its private key get in. */
class RsaTokenTest {
    @TempDir
    static Path dir;
    private static RsaKeys portal;
    private static LocalGateway gateway;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        portal = RsaKeys.generate("portal");
        Path pem = Files.writeString(dir.resolve("portal.pem"), portal.pem());
        gateway = LocalGateway.start(dir, "rs256_public_key: " + pem, new PrintStream(OutputStream.nullOutputStream()));
        api = gateway.api;
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void tokenSignedByThePortalGetsIn() throws Exception {
        assertEquals(200, api.get("/sessions", Tokens.valid("alice", "HPC-Users").sign(portal.rs256())).statusCode());
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        String other = Tokens.valid("alice", "HPC-Users").sign(RsaKeys.generate("other").rs256());
        assertError(401, "the token's signature does not verify", api.get("/sessions", other));
    }

    @Test
    void hmacTokenKeyedWithThePublicKeyIs401() throws Exception {
        String confused = Tokens.valid("root", "HPC-Admins")
                .sign(Algorithm.HMAC256(portal.pem().getBytes(StandardCharsets.UTF_8)));
        assertError(401, "the token is not signed with RS256", api.get("/sessions", confused));
        String confusedDer = Tokens.valid("root", "HPC-Admins").sign(Algorithm.HMAC256(portal.publicKey().getEncoded()));
        assertError(401, "the token is not signed with RS256", api.get("/sessions", confusedDer));
    }

    @Test
    void unsignedTokenIs401() throws Exception {
        assertError(401, "the token is not signed with RS256", api.get("/sessions", Tokens.unsigned("root", "HPC-Admins")));
    }
}
