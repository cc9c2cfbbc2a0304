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
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code session list} in pages over a SQLite store and the local scheduler: the text output says
 * how to get the next page and that command gets it, {@code --json} carries the next cursor, and
 * {@code --state} filters.
 */
class SessionListPagingTest {
    private static final Pattern NEXT = Pattern.compile("the next page: (moonlight session list .*)\n");
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);
    /** The account running the tests: its own sessions are listed whether or not it is an admin. */
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path temp;
    private Path config;
    private final List<String> ids = new ArrayList<>();
    private String ended;

    @BeforeEach
    void storeFiveSessions() throws Exception {
        config = Files.writeString(temp.resolve("moonlight.yaml"), "paths:\n  session_root: " + temp.resolve("scratch")
                + "\n  state_dir: " + temp.resolve("state") + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db")
                + "\nsessions:\n  scheduler: local\n");
        MoonlightConfig site = ConfigLoader.read(config);
        SessionIds sessionIds = new SessionIds(Clock.systemUTC(), new SecureRandom());
        try (SessionStore store = StoreFactory.open(site.store(), site.sunshine(), Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                Session session = Session.pending(sessionIds.next(USER), USER, SPEC,
                        SessionToken.hash(SessionToken.generate()), Clock.systemUTC().instant());
                store.create(session, 10);
            }
            ended = store.list().get(0).id();
            store.transition(ended, SessionState.PENDING, SessionState.ENDED, "stopped").orElseThrow();
            store.list().forEach(s -> ids.add(s.id()));
        }
    }

    @Test
    void theTextSaysHowToGetTheNextPageAndThatCommandGetsIt() {
        List<String> listed = new ArrayList<>();
        String[] command = {"session", "list", "--all", "--limit", "2"};
        for (int page = 1; ; page++) {
            CliRun run = run(command);
            assertEquals(ExitCode.OK.code(), run.exitCode(), run.toString());
            run.out().lines().skip(1).forEach(line -> listed.add(line.split("\\s+")[0]));
            Matcher next = NEXT.matcher(run.err());
            if (page == 3) {
                assertTrue(!next.find(), "the last page says nothing of more: " + run);
                break;
            }
            assertTrue(next.find(), run.toString());
            assertTrue(next.group(1).startsWith("moonlight session list --all --limit 2 --cursor "), run.err());
            command = next.group(1).substring("moonlight ".length()).split(" ");
        }
        assertEquals(ids, listed);
    }

    @Test
    void jsonCarriesTheNextCursorAndNullOnTheLastPage() throws Exception {
        JsonNode first = json(run("session", "list", "--limit", "3", "--json"));
        assertEquals(ids.subList(1, 4), ids(first));
        JsonNode second = json(run("session", "list", "--limit", "3", "--json", "--cursor", first.get("next_cursor").asText()));
        assertEquals(ids.subList(4, 5), ids(second));
        assertTrue(second.get("next_cursor").isNull(), second.toString());
    }

    @Test
    void stateAndUserFilter() throws Exception {
        assertEquals(List.of(ended), ids(json(run("session", "list", "--state", "ended", "--json"))));
        assertEquals(ids.subList(1, 5), ids(json(run("session", "list", "--state", "PENDING", "--user", USER, "--json"))));
    }

    private CliRun run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(Arrays.asList(args));
        return CliRun.of(argv.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(ExitCode.OK.code(), run.exitCode(), run.toString());
        return new ObjectMapper().readTree(run.out());
    }

    private static List<String> ids(JsonNode listing) {
        List<String> ids = new ArrayList<>();
        listing.get("sessions").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
