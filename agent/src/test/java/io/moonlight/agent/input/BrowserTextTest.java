package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys and typed text, including characters the keymap lacks, reach the browsers a CAE user runs on
 * the desktop: Chromium (which reloads its keymap only on a new keyboard) and Firefox (GTK3, which
 * reads input through XInput2, where core XTest events have been known to go missing). A page in the
 * browser's window on Xvfb copies its input field's value into the window's title, read on the X side
 * with xdotool.
 */
@ServiceTest
class BrowserTextTest {
    private static final String PAGE = """
            <html><body><input id="field" style="width:100%;height:100%">
            <script>
              const field = document.getElementById('field');
              field.addEventListener('input', () => document.title = 'value:' + field.value);
              field.addEventListener('focus', () => document.title = 'ready:focused');
              document.title = 'ready';
            </script></body></html>
            """;
    /** Firefox's first run would open its own tabs and questions over the page. */
    private static final String FIREFOX_PREFS = """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.aboutwelcome.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("startup.homepage_welcome_url", "");
            user_pref("browser.sessionstore.resume_from_crash", false);
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"chromium", "firefox"})
    void typedTextArrives(String browser) throws Exception {
        Path page = dir.resolve("page.html");
        Files.writeString(page, PAGE);
        try (Xvfb xvfb = Xvfb.start(1280, 720)) {
            ProcessBuilder builder = new ProcessBuilder(command(browser, page)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(browser + ".log").toFile());
            builder.environment().put("DISPLAY", xvfb.name());
            Process process = builder.start();
            try (InputInjector injector = InputInjector.open(xvfb.name())) {
                assertEquals("ready", awaitTitle(xvfb, "ready", Duration.ofSeconds(60)), "the page in " + browser);
                ViewerInput viewer = injector.viewer(browser, text -> { });
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
                Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                        .sorted(Comparator.comparing(ProcessHandle::pid).reversed()).forEach(ProcessHandle::destroy);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> command(String browser, Path page) throws IOException {
        if (browser.equals("chromium")) {
            return List.of("chromium", "--no-sandbox", "--no-first-run", "--disable-gpu",
                    "--user-data-dir=" + dir.resolve("profile"), "--window-position=0,0", "--window-size=1280,720",
                    "--app=" + page.toUri());
        }
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Files.writeString(profile.resolve("user.js"), FIREFOX_PREFS);
        return List.of("firefox-esr", "--no-remote", "--new-instance", "--profile", profile.toString(),
                "--width", "1280", "--height", "720", page.toUri().toString());
    }

    private static String awaitTitle(Xvfb xvfb, String expected) throws IOException, InterruptedException {
        return awaitTitle(xvfb, expected, Duration.ofSeconds(30));
    }

    /**
     * Polls the page's window title (without the " — Mozilla Firefox" a browser may add) until it is
     * the expected one; returns the last title seen.
     */
    private static String awaitTitle(Xvfb xvfb, String expected, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String title = "";
        while (System.nanoTime() < deadline) {
            String output;
            try {
                output = xvfb.run("xdotool", "search", "--name", "^(ready|value:)", "getwindowname", "%@");
            } catch (AssertionError noWindowYet) {
                output = "";
            }
            for (String line : output.split("\n")) {
                if (line.startsWith("ready") || line.startsWith("value:")) {
                    title = line.replaceFirst(" — [^—]*$", "");
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
