package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed text, including characters the keymap lacks, reaches Chromium (which reloads its keymap
 * only on a new keyboard): a page in a Chromium window on Xvfb copies its input field's value into
 * the window's title, read on the X side with xdotool.
 */
@ServiceTest
class ChromiumTextTest {
    private static final String PAGE = """
            <html><body><input id="field" style="width:100%;height:100%">
            <script>
              const field = document.getElementById('field');
              field.addEventListener('input', () => document.title = 'value:' + field.value);
              field.addEventListener('focus', () => document.title = 'ready:focused');
              document.title = 'ready';
            </script></body></html>
            """;

    @TempDir
    Path dir;

    @Test
    void typedTextArrivesInChromium() throws Exception {
        Path page = dir.resolve("page.html");
        Files.writeString(page, PAGE);
        try (Xvfb xvfb = Xvfb.start(1280, 720)) {
            ProcessBuilder builder = new ProcessBuilder("chromium", "--no-sandbox", "--no-first-run", "--disable-gpu",
                    "--user-data-dir=" + dir.resolve("profile"), "--window-position=0,0", "--window-size=1280,720",
                    "--app=" + page.toUri()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile());
            builder.environment().put("DISPLAY", xvfb.name());
            Process chromium = builder.start();
            try (InputInjector injector = InputInjector.open(xvfb.name())) {
                awaitTitle(xvfb, "ready");
                ViewerInput viewer = injector.viewer("chromium");
                // A click as soon as the page is loaded may come before the window takes input: clicked
                // again until the field has the focus.
                String title = "";
                for (int click = 0; click < 10 && !title.equals("ready:focused"); click++) {
                    viewer.accept("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
                    viewer.accept("{\"t\":\"button\",\"button\":0,\"down\":true}");
                    viewer.accept("{\"t\":\"button\",\"button\":0,\"down\":false}");
                    title = awaitTitle(xvfb, "ready:focused", Duration.ofSeconds(3));
                }
                assertEquals("ready:focused", title);
                viewer.accept("{\"t\":\"key\",\"code\":\"KeyA\",\"down\":true}");
                viewer.accept("{\"t\":\"key\",\"code\":\"ShiftLeft\",\"down\":true}");
                viewer.accept("{\"t\":\"key\",\"code\":\"KeyB\",\"down\":true}");
                viewer.accept("{\"t\":\"release\"}");
                assertEquals("value:aB", awaitTitle(xvfb, "value:aB"));
                // Characters the keymap lacks, and ¦ at level 4 (Shift+AltGr) of the us keymap.
                viewer.accept("{\"t\":\"text\",\"text\":\"héllo €✓¦\"}");
                assertEquals("value:aBhéllo €✓¦", awaitTitle(xvfb, "value:aBhéllo €✓¦"));
                // More characters the keymap lacks than there are spare keycodes: some are rebound.
                String more = " 日本 ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ";
                viewer.accept("{\"t\":\"text\",\"text\":\"" + more + "\"}");
                assertEquals("value:aBhéllo €✓¦" + more, awaitTitle(xvfb, "value:aBhéllo €✓¦" + more));
            } finally {
                Stream.concat(chromium.descendants(), Stream.of(chromium.toHandle()))
                        .sorted(Comparator.comparing(ProcessHandle::pid).reversed()).forEach(ProcessHandle::destroy);
                chromium.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls the Chromium window's title until it is the expected one; returns the last title seen. */
    private static String awaitTitle(Xvfb xvfb, String expected) throws IOException, InterruptedException {
        return awaitTitle(xvfb, expected, Duration.ofSeconds(30));
    }

    private static String awaitTitle(Xvfb xvfb, String expected, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String title = "";
        while (System.nanoTime() < deadline) {
            ProcessBuilder builder = new ProcessBuilder("xdotool", "search", "--class", "chromium", "getwindowname", "%@")
                    .redirectErrorStream(true);
            builder.environment().put("DISPLAY", xvfb.name());
            Process xdotool = builder.start();
            String output = new String(xdotool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            xdotool.waitFor();
            for (String line : output.split("\n")) {
                if (line.startsWith("ready") || line.startsWith("value:")) {
                    title = line;
                }
            }
            if (title.equals(expected)) {
                return title;
            }
            Thread.sleep(100);
        }
        return title;
    }
}
