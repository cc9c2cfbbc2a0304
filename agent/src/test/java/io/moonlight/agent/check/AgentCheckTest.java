package io.moonlight.agent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.doctor.CheckResult;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.ServiceTest;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The doctor's agent check on this machine, which has everything the agent needs (and Xvfb to check the X side). */
@ServiceTest
class AgentCheckTest {

    @Test
    void theLibrariesAndAnXServersExtensionsAreFoundOnThisMachine() {
        List<CheckResult> results = new AgentCheck(new ProcessCommandRunner()).run();

        assertEquals(List.of(
                CheckResult.pass("agent library", "webrtc-java loaded; video encoders VP8, VP9, H264, AV1"),
                CheckResult.pass("agent X libraries", "libX11, libXext, libXdamage, libXfixes and libXtst load"),
                CheckResult.pass("agent X extensions", "Xvfb has MIT-SHM, XTEST, DAMAGE and XFIXES")), results);
    }

    @Test
    void aNodeWithoutTheNativeLibraryFailsWithWhatIsMissing() {
        String withoutNatives = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("linux-x86_64")).collect(Collectors.joining(File.pathSeparator));

        CheckResult library = new AgentCheck(new ProcessCommandRunner(), withoutNatives).run().get(0);

        assertEquals(CheckResult.Status.FAIL, library.status(), library.toString());
        assertEquals("agent library", library.check());
        assertTrue(library.summary().startsWith("webrtc-java's native library does not load: "), library.summary());
    }
}
