package io.moonlight.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A secret reaches the program but never the command's display (dry-run plans, error messages). */
class ExternalCommandTest {

    @Test
    void aSecretIsMaskedInTheDisplayWhereverItAppears() {
        ExternalCommand command = ExternalCommand.of("sunshine", "/s/sunshine.conf", "--creds", "moonlight", "pa ss'word")
                .withSecret("pa ss'word")
                .withEnv("TOKEN", "x-pa ss'word-y");

        assertEquals("TOKEN='x-********-y' sunshine /s/sunshine.conf --creds moonlight '********'", command.display());
        assertEquals(List.of("sunshine", "/s/sunshine.conf", "--creds", "moonlight", "pa ss'word"), command.argv());
    }

    @Test
    void theSecretSurvivesEveryOtherChange() {
        ExternalCommand command = ExternalCommand.of("tool", "hunter2").withSecret("hunter2")
                .withTimeout(Duration.ofSeconds(5)).asReadOnly().withStdin("").onOutputLine(line -> { });

        assertFalse(command.display().contains("hunter2"));
    }

    @Test
    void theRealProgramGetsTheSecret() {
        ExecResult result = new ProcessCommandRunner().run(ExternalCommand.of("echo", "hunter2").withSecret("hunter2"));

        assertEquals("hunter2\n", result.stdout());
        assertEquals("echo '********'", result.command().display());
    }
}
