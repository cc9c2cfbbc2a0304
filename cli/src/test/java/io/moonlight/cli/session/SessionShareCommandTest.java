package io.moonlight.cli.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.core.ExitCode;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.session.Share;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code session share} over a SQLite store: it prints the link the web client opens (the share
 * stored with the session), {@code --json} carries the link's fields, a new link replaces the old,
 * {@code --revoke} removes it (exit 4 when there is none), and bad input exits 2 with one line.
 */
class SessionShareCommandTest {
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);
    /** The account running the tests: its own session, whether or not it is an admin. */
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path temp;
    private Path config;
    private MoonlightConfig site;
    private String id;

    @BeforeEach
    void storeASession() throws Exception {
        config = Files.writeString(temp.resolve("moonlight.yaml"), "paths:\n  session_root: " + temp.resolve("scratch")
                + "\n  state_dir: " + temp.resolve("state") + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db")
                + "\nsessions:\n  scheduler: local\ngateway:\n  public_url: https://portal.example.org\n");
        site = ConfigLoader.read(config);
        try (SessionStore store = store()) {
            Session session = Session.pending(new SessionIds(Clock.systemUTC(), new SecureRandom()).next(USER), USER, SPEC,
                    SessionToken.hash(SessionToken.generate()), Clock.systemUTC().instant());
            store.create(session, 10);
            id = session.id();
        }
    }

    @Test
    void printsTheLinkAndReplacesAndRevokesIt() throws Exception {
        CliRun made = run("session", "share", id, "--expires", "30m", "--max-viewers", "3");
        assertEquals(ExitCode.OK.code(), made.exitCode(), made.toString());
        Share share = storedShare().orElseThrow();
        assertEquals("https://portal.example.org/moonlight/?session=" + id + "&share=" + share.id() + "\n", made.out());
        assertTrue(made.err().contains("view-only, until " + share.expiresAt() + ", up to 3 viewers at once"), made.err());
        Duration left = Duration.between(Instant.now(), share.expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(29)) > 0 && left.compareTo(Duration.ofMinutes(30)) <= 0, left.toString());
        assertEquals(3, share.maxViewers());

        CliRun json = run("session", "share", id, "--json");
        JsonNode link = new ObjectMapper().readTree(json.out());
        Share replaced = storedShare().orElseThrow();
        assertTrue(!replaced.id().equals(share.id()), "a new link replaces the old");
        assertEquals(new ObjectMapper().readTree("{\"session\":\"" + id + "\",\"share\":\"" + replaced.id() + "\",\"url\":"
                + "\"https://portal.example.org/moonlight/?session=" + id + "&share=" + replaced.id() + "\",\"expires_at\":\""
                + replaced.expiresAt() + "\",\"max_viewers\":5}"), link);

        CliRun revoked = run("session", "share", id, "--revoke");
        assertEquals(ExitCode.OK.code(), revoked.exitCode(), revoked.toString());
        assertEquals(id + "  share link revoked\n", revoked.out());
        assertEquals(Optional.empty(), storedShare());
        CliRun again = run("session", "share", id, "--revoke");
        assertEquals(ExitCode.NOTHING_TO_DO.code(), again.exitCode(), again.toString());
        assertEquals(id + "  has no share link\n", again.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        CliRun lifetime = run("session", "share", id, "--expires", "2 hours");
        assertEquals(ExitCode.USAGE.code(), lifetime.exitCode(), lifetime.toString());
        assertEquals("moonlight: '2 hours' is not a share's lifetime (hint: give minutes, hours or days, e.g. 30m, 2h or 1d)\n",
                lifetime.err());
        CliRun viewers = run("session", "share", id, "--max-viewers", "50");
        assertEquals(ExitCode.USAGE.code(), viewers.exitCode(), viewers.toString());
        assertEquals("moonlight: a share lets 1 to 20 viewers watch, not 50 (hint: give e.g. --max-viewers 5)\n",
                viewers.err());
        assertEquals(ExitCode.USAGE.code(), run("session", "share", "ml-nobody-20260301090000-abcdef").exitCode());
        assertEquals(Optional.empty(), storedShare());
    }

    private Optional<Share> storedShare() {
        try (SessionStore store = store()) {
            return store.get(id).orElseThrow().share();
        }
    }

    private SessionStore store() {
        return StoreFactory.open(site.store(), site.sunshine(), Clock.systemUTC());
    }

    private CliRun run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(Arrays.asList(args));
        return CliRun.of(argv.toArray(String[]::new));
    }
}
