package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.testing.Xvfb;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.testing.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The injector against a real Xvfb, checked by what an X client receives. */
@ServiceTest
class InputInjectorTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Xvfb xvfb;
    private static TestXClient client;
    private static InputInjector injector;
    private ViewerInput viewer;

    @BeforeAll
    static void start() throws Exception {
        xvfb = Xvfb.start(WIDTH, HEIGHT);
        client = TestXClient.open(xvfb.name(), WIDTH, HEIGHT);
        injector = InputInjector.open(xvfb.name());
    }

    @AfterAll
    static void stop() throws Exception {
        injector.close();
        client.close();
        xvfb.close();
    }

    @BeforeEach
    void newViewer() {
        client.clear();
        viewer = injector.viewer("viewer-" + System.nanoTime(), text -> { });
    }

    @Test
    void keyAPressedTypesA() throws Exception {
        key("KeyA", true);
        key("KeyA", false);
        // The presses only: a release from the test before may arrive after this one's start.
        List<TestXClient.Event> events = client.await(count(TestXClient.KEY_PRESS, 1), WAIT);
        TestXClient.Event press = presses(events).get(0);
        assertEquals("a", press.string());
        assertEquals(0x61, press.keysym());
    }

    @Test
    void shiftLeftWithKeyATypesCapitalA() throws Exception {
        key("ShiftLeft", true);
        key("KeyA", true);
        key("KeyA", false);
        key("ShiftLeft", false);
        List<TestXClient.Event> events = client.await(count(TestXClient.KEY_RELEASE, 2), WAIT);
        assertEquals("A", presses(events).get(1).string());
    }

    @Test
    void theKeysAfterAClipboardWaitUntilTheClipboardRouteIsDone() throws Exception {
        AtomicBoolean clipboardDone = new AtomicBoolean();
        ViewerInput paster = injector.viewer("paster", text -> {
            sleep(300); // a desktop clipboard that takes its time to own the text
            clipboardDone.set(true);
        });
        long before = System.nanoTime();
        paster.accept("{\"t\":\"clipboard\",\"text\":\"pasted\"}");
        assertTrue(System.nanoTime() - before < 100_000_000L, "the data channel's thread never waits for the clipboard");
        paster.accept("{\"t\":\"key\",\"code\":\"KeyV\",\"down\":true}");
        paster.accept("{\"t\":\"key\",\"code\":\"KeyV\",\"down\":false}");
        client.await(count(TestXClient.KEY_PRESS, 1), WAIT);
        assertTrue(clipboardDone.get(), "the key came before the clipboard was on the desktop");
        paster.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void typedTextArrivesIncludingCharactersTheKeymapLacks() throws Exception {
        viewer.accept("{\"t\":\"text\",\"text\":\"héllo €✓\"}");
        List<TestXClient.Event> events = client.await(count(TestXClient.KEY_PRESS, 8), WAIT);
        String typed = presses(events).stream().map(e -> Character.toString(e.character()))
                .collect(Collectors.joining());
        assertEquals("héllo €✓", typed);
    }

    @Test
    void textKeepsItsCaseUnderCapsLockAndHeldShift() throws Exception {
        key("CapsLock", true);
        key("CapsLock", false);
        try {
            key("ShiftLeft", true);
            viewer.accept("{\"t\":\"text\",\"text\":\"aB1\"}");
            key("ShiftLeft", false);
            List<TestXClient.Event> events = client.await(
                    e -> presses(e).stream().anyMatch(p -> p.character() == '1'), WAIT);
            String typed = presses(events).stream().map(TestXClient.Event::string).collect(Collectors.joining());
            assertEquals("aB1", typed);
        } finally {
            key("CapsLock", true);
            key("CapsLock", false);
        }
    }

    @Test
    void aRepeatedKeydownIsLeftToTheServersAutoRepeat() throws Exception {
        key("KeyB", true);
        key("KeyB", true);
        key("KeyB", false);
        List<TestXClient.Event> events = client.await(count(TestXClient.KEY_RELEASE, 1), WAIT);
        assertEquals(1, presses(events).size());
    }

    @Test
    void spareKeycodesAreGivenBackAfterTyping() throws Exception {
        viewer.accept("{\"t\":\"text\",\"text\":\"✓\"}");
        client.await(count(TestXClient.KEY_RELEASE, 1), WAIT);
        assertTrue(keymap().contains("U2713"), "✓ is bound while typing");
        Thread.sleep(TextTyper.GIVE_BACK_AFTER_SECONDS * 1000L + 500);
        assertTrue(!keymap().contains("U2713"), "✓ is still bound after typing");
    }

    @Test
    void textAtTheThirdLevelIsTypedWithLevel3Shift() throws Exception {
        // The us keymap has ¦ only at Shift+AltGr of the key left of Z (LSGT): no spare keycode needed.
        viewer.accept("{\"t\":\"text\",\"text\":\"¦\"}");
        List<TestXClient.Event> events = client.await(
                e -> presses(e).stream().anyMatch(p -> p.character() == '¦'), WAIT);
        TestXClient.Event press = presses(events).stream().filter(p -> p.character() == '¦').findFirst().orElseThrow();
        int shiftMask = 1;
        int mod5Mask = 1 << 7;
        assertEquals(shiftMask | mod5Mask, press.state() & (shiftMask | mod5Mask));
    }

    @Test
    void clickAtTheMiddleLandsAtTheDisplaysCentre() throws Exception {
        viewer.accept("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
        viewer.accept("{\"t\":\"button\",\"button\":0,\"down\":true}");
        viewer.accept("{\"t\":\"button\",\"button\":0,\"down\":false}");
        TestXClient.Event press = client.await(count(TestXClient.BUTTON_RELEASE, 1), WAIT).get(0);
        assertEquals(TestXClient.BUTTON_PRESS, press.type());
        assertEquals(1, press.detail());
        assertEquals(WIDTH / 2, press.x());
        assertEquals(HEIGHT / 2, press.y());
    }

    @Test
    void theMiddleIsTheMiddleAgainAfterTheDisplayIsResized() throws Exception {
        try (Xvfb xorg = Xvfb.startXorgDummy(); InputInjector resized = InputInjector.open(xorg.name())) {
            ViewerInput input = resized.viewer("resized", text -> { });
            xorg.resize(1920, 1080);
            input.accept("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
            awaitPointer(xorg, "x:960 y:540");
            xorg.resize(1280, 720);
            input.accept("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
            awaitPointer(xorg, "x:640 y:360");
        }
    }

    /** Polls the pointer's position (xdotool, on the X side) until it starts with {@code expected}. */
    private static void awaitPointer(Xvfb display, String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String at = "";
        while (System.nanoTime() < deadline && !at.startsWith(expected)) {
            at = display.run("xdotool", "getmouselocation");
            Thread.sleep(50);
        }
        assertTrue(at.startsWith(expected), "the pointer is at " + at + ", not " + expected);
    }

    @Test
    void relativeMotionMovesByDisplayPixels() throws Exception {
        viewer.accept("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
        viewer.accept("{\"t\":\"rel\",\"dx\":10,\"dy\":-5}");
        viewer.accept("{\"t\":\"button\",\"button\":2,\"down\":true}");
        viewer.accept("{\"t\":\"button\",\"button\":2,\"down\":false}");
        TestXClient.Event press = client.await(count(TestXClient.BUTTON_RELEASE, 1), WAIT).get(0);
        assertEquals(3, press.detail());
        assertEquals(WIDTH / 2 + 10, press.x());
        assertEquals(HEIGHT / 2 - 5, press.y());
    }

    @Test
    void backAndForwardAreButtons8And9() throws Exception {
        for (int button : new int[] {3, 4}) {
            viewer.accept("{\"t\":\"button\",\"button\":" + button + ",\"down\":true}");
            viewer.accept("{\"t\":\"button\",\"button\":" + button + ",\"down\":false}");
        }
        List<TestXClient.Event> events = client.await(count(TestXClient.BUTTON_RELEASE, 2), WAIT);
        assertEquals(List.of(8, 9), events.stream().filter(e -> e.type() == TestXClient.BUTTON_PRESS)
                .map(TestXClient.Event::detail).toList());
    }

    @Test
    void wheelDeltasBecomeClicksKeepingFractions() throws Exception {
        wheel(100);
        fence();
        assertEquals(1, wheelDownClicks());
        client.clear();
        wheel(50);
        fence();
        assertEquals(0, wheelDownClicks());
        client.clear();
        wheel(50);
        fence();
        assertEquals(1, wheelDownClicks());
    }

    @Test
    void releaseAllAfterShiftDownLeavesNoKeyHeld() throws Exception {
        key("ShiftLeft", true);
        client.await(count(TestXClient.KEY_PRESS, 1), WAIT);
        assertTrue(anyKeyDown(), "ShiftLeft is down before the release");
        viewer.releaseAll();
        client.await(count(TestXClient.KEY_RELEASE, 1), WAIT);
        assertTrue(!anyKeyDown(), "a key is still held after releaseAll");
    }

    @Test
    void releaseMessageLiftsHeldButtonsAndKeys() throws Exception {
        key("ControlLeft", true);
        viewer.accept("{\"t\":\"button\",\"button\":2,\"down\":true}");
        viewer.accept("{\"t\":\"release\"}");
        List<TestXClient.Event> events = client.await(
                e -> e.stream().anyMatch(x -> x.type() == TestXClient.BUTTON_RELEASE), WAIT);
        assertTrue(events.stream().anyMatch(e -> e.type() == TestXClient.KEY_RELEASE));
        assertTrue(!anyKeyDown());
    }

    @Test
    void malformedOversizedAndFloodingMessagesAreCountedAndNotInjected() throws Exception {
        Map<String, Long> before = injector.droppedCounts();
        viewer.accept("{\"t\":\"key\",\"code\":\"KeyA\",\"down\":true,\"extra\":1}");
        viewer.accept("{\"t\":\"key\",\"code\":\"KeyA\",\"down\":\"yes\"}");
        viewer.accept("{\"t\":\"text\",\"text\":\"" + "a".repeat(1100) + "\"}");
        fence();
        assertEquals(List.of(), presses(client.await(count(TestXClient.BUTTON_RELEASE, 1), WAIT)));
        Map<String, Long> afterBad = injector.droppedCounts();
        assertEquals(before.get("malformed") + 2, afterBad.get("malformed"));
        assertEquals(before.get("size") + 1, afterBad.get("size"));

        client.clear();
        ViewerInput flooder = injector.viewer("flooder", text -> { });
        int sent = 3000;
        for (int i = 0; i < sent; i++) {
            flooder.accept("{\"t\":\"wheel\",\"dx\":0,\"dy\":100,\"mode\":0}");
        }
        long dropped = injector.droppedCounts().get("rate") - afterBad.get("rate");
        assertTrue(dropped > 0, "a flood of " + sent + " messages is limited");
        fence();
        assertEquals(sent - dropped, wheelDownClicks());
    }

    private void key(String code, boolean down) {
        viewer.accept("{\"t\":\"key\",\"code\":\"" + code + "\",\"down\":" + down + "}");
    }

    private void wheel(int dy) {
        viewer.accept("{\"t\":\"wheel\",\"dx\":0,\"dy\":" + dy + ",\"mode\":0}");
    }

    /** A middle click through a fresh viewer: once the client sees it, everything sent before has arrived. */
    private void fence() throws InterruptedException {
        ViewerInput fence = injector.viewer("fence", text -> { });
        fence.accept("{\"t\":\"button\",\"button\":1,\"down\":true}");
        fence.accept("{\"t\":\"button\",\"button\":1,\"down\":false}");
        client.await(e -> e.stream().anyMatch(x -> x.type() == TestXClient.BUTTON_RELEASE && x.detail() == 2), WAIT);
    }

    private long wheelDownClicks() throws InterruptedException {
        return client.await(e -> true, WAIT).stream()
                .filter(e -> e.type() == TestXClient.BUTTON_PRESS && e.detail() == 5).count();
    }

    private static List<TestXClient.Event> presses(List<TestXClient.Event> events) {
        return events.stream().filter(e -> e.type() == TestXClient.KEY_PRESS).toList();
    }

    private static Predicate<List<TestXClient.Event>> count(int type, int n) {
        return events -> events.stream().filter(e -> e.type() == type).count() >= n;
    }

    /** The display's keymap as xmodmap prints it. */
    private static String keymap() throws Exception {
        Process xmodmap = new ProcessBuilder("xmodmap", "-display", xvfb.name(), "-pke").redirectErrorStream(true).start();
        String output = new String(xmodmap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, xmodmap.waitFor());
        return output;
    }

    /** Whether the X server has any key down (XQueryKeymap on a connection of the test's own). */
    private boolean anyKeyDown() {
        try (XConnection x = XConnection.open(xvfb.name())) {
            byte[] keys = new byte[32];
            XLibraries.x11Input().XQueryKeymap(x.display(), keys);
            for (byte b : keys) {
                if (b != 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
