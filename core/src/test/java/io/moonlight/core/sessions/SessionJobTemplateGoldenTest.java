package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.PathsConfig;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session's batch script renders to exactly the golden files. */
class SessionJobTemplateGoldenTest {
    private static final String ID = "ml-alice-20260301090000-abcdef";
    private static final SessionPaths PATHS = SessionPaths.of(new PathsConfig(null, null, null, null, null), "alice", ID);

    @Test
    void defaultConfigurationRendersTheGoldenScript() throws IOException {
        SessionJobModel model = SessionJobModel.of(ID, "alice", 60, Path.of("/opt/moonlight/bin/moonlight"),
                Optional.empty(), PATHS);

        Golden.assertMatches("slurm/session.sbatch", TemplateRenderer.shipped().render(SessionJobModel.TEMPLATE, model));
    }

    @Test
    void anExplicitConfigurationAndALauncherPathWithSpacesAreQuoted() throws IOException {
        SessionPaths other = SessionPaths.of(new PathsConfig(null, Path.of("/gpfs/scratch"), null, null, null), "alice", ID);
        SessionJobModel model = SessionJobModel.of(ID, "alice", 90, Path.of("/opt/my moonlight/bin/moonlight"),
                Optional.of(Path.of("/etc/moonlight/site's.yaml")), other);

        Golden.assertMatches("slurm/session-config-quoted.sbatch",
                TemplateRenderer.shipped().render(SessionJobModel.TEMPLATE, model));
    }

    @Test
    void aSessionRootThatWouldNeedQuotingIsRefused() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SessionPaths.of(new PathsConfig(null, Path.of("/scratch space"), null, null, null), "alice", ID));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void sessionFilesLiveInTheUsersSunshineDirectory() {
        assertEquals(Path.of("/scratch/sunshine_alice/" + ID), PATHS.dir());
        assertEquals(Path.of("/scratch/sunshine_alice/" + ID + "/logs/job.log"), PATHS.jobLog());
        assertEquals(Path.of("/scratch/sunshine_alice/" + ID + "/session.token"), PATHS.tokenFile());
    }

}
