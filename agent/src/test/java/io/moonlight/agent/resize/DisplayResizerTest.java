package io.moonlight.agent.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.supervisor.DisplayResizeModel;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screen following the owner's window, on the Xorg dummy driver (Xvfb cannot change its size)
 * through the session's own resize script as the supervisor renders it.
 */
@ServiceTest
class DisplayResizerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern DIMENSIONS = Pattern.compile("dimensions:\\s+(\\d+)x(\\d+) pixels");
    @TempDir
    Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void aRequestIsKeptWithinTheLimitsInMultiplesOfEight() {
        DisplayResizer resizer = new DisplayResizer(Optional.empty(), 1920, 1080, new ProcessCommandRunner(), log::add);
        assertEquals(new DisplayResizer.Size(1280, 720), resizer.fit(1283, 727));
        assertEquals(new DisplayResizer.Size(1920, 1080), resizer.fit(5000, 3000));
        assertEquals(new DisplayResizer.Size(640, 480), resizer.fit(1, 1));
        resizer.close();
    }

    @Test
    void theScreenFollowsTheWindowButNotWhileAMoonlightClientStreams() throws Exception {
        try (Xvfb xorg = Xvfb.startXorgDummy()) {
            xorg.resize(1920, 1080);
            Path marker = dir.resolve("moonlight-streaming");
            Path script = Files.writeString(dir.resolve("display-resize.sh"), TemplateRenderer.shipped().render(
                    DisplayResizeModel.TEMPLATE, new DisplayResizeModel("ml-alice-test", xorg.name(),
                            dir.resolve("Xauthority").toString(), marker.toString())));
            DisplayResizer resizer = new DisplayResizer(Optional.of(script), 1920, 1080, new ProcessCommandRunner(),
                    log::add);
            try {
                resizer.request(1283, 727);
                Await.until("the screen at 1280x720", WAIT, () -> screen(xorg).equals(List.of(1280, 720)));

                Files.createFile(marker);
                resizer.request(1600, 900);
                Await.until("the refusal in the log", WAIT, () -> log.stream().anyMatch(l -> l.contains("refused")));
                assertEquals(List.of(1280, 720), screen(xorg), "the Moonlight client's size stays");
                assertTrue(log.stream().anyMatch(l -> l.contains("a Moonlight client is streaming")), log.toString());

                Files.delete(marker);
                resizer.request(1600, 900);
                Await.until("the screen at 1600x896 (900 rounded down to a multiple of 8)", WAIT,
                        () -> screen(xorg).equals(List.of(1600, 896)));
            } finally {
                resizer.close();
            }
        }
    }

    @Test
    void aScreenThatCannotBeResizedIsSaidOnceAndLeftAlone() {
        DisplayResizer resizer = new DisplayResizer(Optional.empty(), 1920, 1080, new ProcessCommandRunner(), log::add);
        resizer.request(1280, 720);
        resizer.request(1024, 768);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("cannot change its size"), log.toString());
        resizer.close();
    }

    private static List<Integer> screen(Xvfb display) {
        try {
            Matcher size = DIMENSIONS.matcher(display.run("xdpyinfo"));
            return size.find() ? List.of(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2))) : List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
