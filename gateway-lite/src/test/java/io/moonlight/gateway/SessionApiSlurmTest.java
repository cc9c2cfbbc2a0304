package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.session.Session;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's path on the real Slurm testbed: POST /sessions submits the job as the user with the
 * site's partition and QoS, DELETE cancels it, GETs answer from the store without writing (also
 * when the job is gone), and a QoS Slurm does not have is 400 with nothing submitted or stored. The job's launcher is {@link FakeSupervisor}.
 */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class SessionApiSlurmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = SessionTestbed.USER;
    private final SlurmTestbed testbed;
    @TempDir
    Path dir;
    private Path sessionRoot;

    SessionApiSlurmTest(SlurmTestbed testbed) {
        this.testbed = testbed;
        SessionTestbed.ensure(testbed);
    }

    @AfterEach
    void cancelThisTestsJobs() {
        if (sessionRoot != null) {
            SessionTestbed.cancelJobsUnder(testbed, sessionRoot);
        }
    }

    @Test
    void thePortalStartsAndStopsASlurmSession() throws Exception {
        try (Site site = site(SessionTestbed.QOS)) {
            HttpResponse<String> created = site.api.post("/sessions", Tokens.hs256(USER, "HPC-Users"), "{\"hours\":2}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode session = JSON.readTree(created.body());
            String id = session.get("id").asText();
            String jobId = session.get("job_id").asText();
            assertEquals(List.of(jobId), SessionTestbed.jobsUnder(testbed, sessionRoot));
            String line = testbed.runner().run(ExternalCommand.of("squeue", "-h", "-j", jobId, "-o", "%j|%u|%P|%q|%l")
                    .asReadOnly()).stdout();
            assertEquals("moonlight-" + USER + "|" + USER + "|viz|" + SessionTestbed.QOS + "|2:00:00\n", line);

            HttpResponse<String> stopped = site.api.delete("/sessions/" + id, Tokens.hs256(USER, "HPC-Users"));

            assertEquals(200, stopped.statusCode(), stopped.body());
            assertEquals("ENDED", JSON.readTree(stopped.body()).get("state").asText());
            assertEquals(List.of(), SessionTestbed.jobsUnder(testbed, sessionRoot));
        }
    }

    @Test
    void thePortalsReadsAnswerFromTheStoreAndNeverWriteEvenWhenTheJobIsGone() throws Exception {
        try (Site site = site(SessionTestbed.QOS)) {
            String token = Tokens.hs256(USER, "HPC-Users");
            JsonNode session = JSON.readTree(site.api.post("/sessions", token, "{}").body());
            String id = session.get("id").asText();
            testbed.runner().run(ExternalCommand.of("scancel", session.get("job_id").asText())).orFail("scancel", null);
            Await.until("the job gone", Duration.ofSeconds(30),
                    () -> SessionTestbed.jobsUnder(testbed, sessionRoot).isEmpty());
            Session before = site.store.get(id).orElseThrow();

            HttpResponse<String> shown = site.api.get("/sessions/" + id, token);
            HttpResponse<String> listed = site.api.get("/sessions", token);

            assertEquals(200, shown.statusCode(), shown.body());
            assertEquals(before.state().name(), JSON.readTree(shown.body()).get("state").asText());
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals(id, JSON.readTree(listed.body()).get("sessions").get(0).get("id").asText());
            assertEquals(before, site.store.get(id).orElseThrow(), "a GET changed the stored session");
        }
    }

    @Test
    void aMissingQosIs400WithNothingSubmittedOrStored() throws Exception {
        try (Site site = site("mltest-no-such-qos")) {
            HttpResponse<String> refused = site.api.post("/sessions", Tokens.hs256(USER, "HPC-Users"), "{}");

            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("Slurm has no QoS 'mltest-no-such-qos' (slurm.qos)",
                    JSON.readTree(refused.body()).get("error").asText());
            assertEquals(List.of(), SessionTestbed.jobsUnder(testbed, sessionRoot));
            assertEquals(List.of(), site.store.list());
            try (var made = Files.list(sessionRoot)) {
                assertTrue(made.findAny().isEmpty(), "no session directory");
            }
        }
    }

    /** A gateway over SQLite whose sessions go to the testbed with this QoS. */
    private Site site(String qos) throws Exception {
        SessionTestbed.ensureUnixUser();
        sessionRoot = UserDirs.scratch(dir);
        MoonlightConfig config = ConfigLoader.parse("test.yaml", String.join("\n",
                "paths:",
                "  session_root: " + sessionRoot,
                "store:",
                "  sqlite_path: " + dir.resolve("moonlight.db"),
                "sessions:",
                "  launcher: " + FakeSupervisor.writeTo(dir),
                "slurm:",
                "  partition: viz",
                "  qos: " + qos,
                "  gres: \"\"",
                "gateway:",
                "  jwt:",
                "    hs256_secret: " + Tokens.SECRET,
                ""));
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        GatewayServer server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessionService.open(config, Optional.empty(), store, testbed.runner(), Clock.systemUTC(), Map.of()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
        return new Site(store, server, new Api(server.port()));
    }

    private record Site(SessionStore store, GatewayServer server, Api api) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            store.close();
        }
    }
}
