package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.exec.DryRunCommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's Sunshine files land privately in its directory; the web UI password never shows. */
class SunshineFilesTest {
    @TempDir
    Path root;
    private SessionDirectory dir;
    private final SunshineFiles files = new SunshineFiles(TemplateRenderer.shipped());
    private final WebUiCredentials login = WebUiCredentials.generate(new SecureRandom());

    @BeforeEach
    void createDirectory() {
        dir = SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", SessionDirectoryTest.ID).create();
    }

    @Test
    void writesEveryFileReadableOnlyByTheUser() throws IOException {
        List<Path> written = write(XServer.XORG);

        assertEquals(List.of(SunshineFiles.conf(dir), SunshineFiles.apps(dir), SunshineFiles.resizeScript(dir),
                SunshineFiles.webUiLogin(dir)), written);
        for (Path file : written) {
            String expected = file.equals(SunshineFiles.resizeScript(dir)) ? "rwx------" : "rw-------";
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        JsonNode loginFile = new ObjectMapper().readTree(SunshineFiles.webUiLogin(dir).toFile());
        assertEquals(login.password(), loginFile.get("password").asText());
        assertEquals(47990, loginFile.get("web_ui_port").asInt());
        assertTrue(Files.readString(SunshineFiles.conf(dir)).contains("\nport = 47989\n"));
    }

    @Test
    void onXvfbNoResizeScriptIsWrittenAndAppsJsonHasNoPrepCommand() throws IOException {
        write(XServer.XVFB);

        assertFalse(Files.exists(SunshineFiles.resizeScript(dir)));
        JsonNode apps = new ObjectMapper().readTree(SunshineFiles.apps(dir).toFile());
        assertEquals("Desktop", apps.get("apps").get(0).get("name").asText());
        assertFalse(apps.get("apps").get(0).has("prep-cmd"));
    }

    @Test
    void theDryRunShowsTheCredentialsCommandWithThePasswordMasked() {
        DryRunPlan plan = new DryRunPlan();
        files.applyCredentials(new DryRunCommandRunner(new ProcessCommandRunner(), plan), new HostRuntime(),
                List.of("sunshine"), dir, login);

        String text = plan.actions().stream().map(DryRunPlan.Action::target).collect(Collectors.joining("\n"));
        assertEquals("sunshine " + SunshineFiles.conf(dir) + " --creds moonlight '********'", text);
        assertFalse(text.contains(login.password()));
        assertFalse(login.toString().contains(login.password()));
    }

    @Test
    void fakeSunshineGetsTheRealPasswordAndItsCredentialsFileIsPrivate() throws Exception {
        write(XServer.XVFB);

        files.applyCredentials(new ProcessCommandRunner(), new HostRuntime(), FakeSunshine.command(), dir, login);

        Path stored = SunshineFiles.credentials(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        JsonNode hash = new ObjectMapper().readTree(stored.toFile());
        assertEquals("moonlight", hash.get("username").asText());
        assertEquals(sha256(login.password() + hash.get("salt").asText()), hash.get("password").asText());
    }

    @Test
    void everySessionGetsItsOwnPassword() {
        WebUiCredentials other = WebUiCredentials.generate(new SecureRandom());

        assertNotEquals(login.password(), other.password());
        assertEquals(24, login.password().length());
    }

    private List<Path> write(XServer server) {
        SunshineConfModel conf = SunshineConfModel.of(SessionDirectoryTest.ID, dir, 47989,
                SunshineTemplatesGoldenTest.SPEC, SunshineSettings.defaults());
        return files.write(dir, conf, SunshineAppsModel.of(dir, 10, SunshineTemplatesGoldenTest.SPEC.geometry(), server),
                DisplayResizeModel.of(SessionDirectoryTest.ID, dir, 10),
                WebUiCredentialsModel.of(SessionDirectoryTest.ID, conf, login));
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
