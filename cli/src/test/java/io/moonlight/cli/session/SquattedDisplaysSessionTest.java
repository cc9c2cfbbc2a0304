package io.moonlight.cli.session;

import static io.moonlight.cli.session.SupervisedSite.USER;
import static io.moonlight.cli.session.SupervisedSite.sessionProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.supervisor.NodeDisplays;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testbed.SquattedDisplays;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user holds the abstract X sockets ({@code @/tmp/.X11-unix/X<n>}) of the node's first
 * free displays, as anyone can without a file or a permission: a session started as an operator does
 * (the local scheduler, the real job as {@link SupervisedSite#USER}) still becomes READY, on the
 * first display nobody holds.
 */
@ServiceTest
class SquattedDisplaysSessionTest {
    private static final String SQUATTER = "mlxd-squatter";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static SupervisedSite site;

    @BeforeAll
    static void startSite() throws IOException {
        LocalUsers.ensure(SQUATTER);
        site = SupervisedSite.start(dir, SupervisedSite.LOCAL_SCHEDULER, Map.of());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void abstractSocketsOfAnotherUserAreSkippedAndTheSessionRunsOnAFreeDisplay() throws Exception {
        List<Integer> free = NodeDisplays.onThisHost().free(99);
        List<Integer> squatted = free.subList(0, 3);
        String id = null;
        try (SquattedDisplays squatter = SquattedDisplays.bind(SQUATTER, squatted, Duration.ofSeconds(120))) {
            ExecResult start = site.moonlight("session", "start", "--user", USER, "--wait", "--json");
            JsonNode ready = JSON.readTree(start.stdout());
            id = ready.path("id").asText(null);

            assertEquals(0, start.exitCode(), site.whyNotReady(start));
            assertEquals("READY", ready.get("state").asText(), start.stdout());
            assertEquals(free.get(3), ready.get("display").asInt(), "the first display " + SQUATTER + " does not hold");
        } finally {
            if (id != null) {
                String started = id;
                site.moonlight("session", "stop", started);
                Await.until("no process of " + started, Duration.ofSeconds(30), () -> sessionProcesses(started).isEmpty());
            }
        }
    }
}
