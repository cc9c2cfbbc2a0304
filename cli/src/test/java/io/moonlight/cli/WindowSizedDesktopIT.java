package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.testing.Await;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

/**
 * The session's X screen follows the browser window, end to end ({@link StreamingSite} with Xorg and
 * the images' dummy driver, the X server that can change its size): the page asks for its stage's
 * size, the agent resizes the screen through the session's display-resize.sh, and the picture
 * arrives at the new size on the same peer connection.
 */
class WindowSizedDesktopIT {
    private static StreamingSite site;
    private static StreamingSite.Session session;

    @BeforeAll
    static void start() throws Exception {
        site = StreamingSite.start("""
                xsetroot -solid '#208040'
                exec sleep 3600
                """, 1, "xorg");
        session = site.startSession("1280x720", 30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void theScreenFollowsTheWindowAndThePictureFollowsTheScreenWithoutAReconnect() throws Exception {
        assertEquals("1280x720", session.screenSize());
        site.chromium.driver.manage().window().setSize(new Dimension(1100, 920));
        site.chromium.driver.get(site.browserUrl(session));
        List<Long> first = awaitScreenAtTheStage();
        assertTrue(first.get(0) < 1280 && first.get(1) < 720, "the screen shrank to the stage: " + first);

        site.chromium.driver.manage().window().setSize(new Dimension(900, 860));
        List<Long> second = awaitScreenAtTheStage();
        assertTrue(second.get(0) < first.get(0) && second.get(1) < first.get(1), first + " then " + second);
        assertEquals(1L, site.chromium.driver.executeScript(
                "return performance.getEntriesByName('moonlight:connected').length"), "one peer connection throughout");
        site.awaitColour(0.5, 0.5, 0x20, 0x80, 0x40);
    }

    /**
     * Waits until the X screen has the stage's size in device pixels as the agent makes it (down to
     * multiples of 8, within 640x480 and the session's 1280x720) and the picture in the page has the
     * screen's size; returns [width, height].
     */
    @SuppressWarnings("unchecked")
    private static List<Long> awaitScreenAtTheStage() {
        Long[] size = new Long[2];
        String[] seen = {""};
        try {
            Await.until("the screen and the picture at the stage's size", WAIT, () -> {
            List<Long> stage = (List<Long>) site.chromium.driver.executeScript(
                    "const box = document.getElementById('stage').getBoundingClientRect();"
                            + " return [Math.round(box.width * devicePixelRatio), Math.round(box.height * devicePixelRatio)];");
            size[0] = Math.max(640, Math.min(1280, stage.get(0) / 8 * 8));
            size[1] = Math.max(480, Math.min(720, stage.get(1) / 8 * 8));
            List<Long> picture = (List<Long>) site.chromium.driver.executeScript(
                    "const v = document.getElementById('video'); return [v.videoWidth, v.videoHeight];");
            seen[0] = "stage " + stage + ", screen " + screenSize() + ", picture " + picture;
            return (size[0] + "x" + size[1]).equals(screenSize()) && picture.equals(List.of(size[0], size[1]));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + seen[0] + "\n" + session.agentLog(), e);
        }
        return List.of(size[0], size[1]);
    }

    private static String screenSize() {
        try {
            return session.screenSize();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
