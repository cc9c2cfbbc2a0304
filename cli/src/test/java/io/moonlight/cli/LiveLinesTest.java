package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LiveLinesTest {
    private static final String UP_ONE = "\u001B[1A";
    private static final String UP_TWO = "\u001B[2A";
    private static final String CLEAR = "\u001B[K";

    private final StringWriter terminal = new StringWriter();

    @Test
    void eachKeyKeepsItsLineAndEveryUpdateRedrawsTheBlockInPlace() {
        LiveLines lines = new LiveLines(new PrintWriter(terminal), 40);

        lines.set("xfce4", "xfce4 0:01 step 1 Starting build");
        lines.set("xfce4", "xfce4 0:05 step 2 Fetching OCI image");
        lines.set("gnome", "gnome 0:01 step 1 Starting build");
        lines.set("xfce4", "xfce4 1:05 step 3 Running post scriptlet");

        assertEquals("xfce4 0:01 step 1 Starting build" + CLEAR + "\n"
                + UP_ONE + "xfce4 0:05 step 2 Fetching OCI image" + CLEAR + "\n"
                + UP_ONE + "xfce4 0:05 step 2 Fetching OCI image" + CLEAR + "\n"
                + "gnome 0:01 step 1 Starting build" + CLEAR + "\n"
                + UP_TWO + "xfce4 1:05 step 3 Running post scriptle" + CLEAR + "\n"
                + "gnome 0:01 step 1 Starting build" + CLEAR + "\n", terminal.toString());
    }

    @Test
    void permanentLinesGoAboveTheBlock() {
        LiveLines lines = new LiveLines(new PrintWriter(terminal), 80);

        lines.set("s", "session 1  PENDING  0:00");
        lines.print("+ apt-get update");

        assertEquals("session 1  PENDING  0:00" + CLEAR + "\n"
                + UP_ONE + "+ apt-get update" + CLEAR + "\n"
                + "session 1  PENDING  0:00" + CLEAR + "\n", terminal.toString());
    }

    @Test
    void linesAreCutToOneColumnLessThanTheWidthWithoutColoursOrControlCharacters() {
        LiveLines lines = new LiveLines(new PrintWriter(terminal), 12);

        lines.set("a", "\u001B[32mok\u001B[0m\tdone");
        lines.set("b", "Copying blob 10%\rCopying blob 95%\r\n");

        assertEquals("ok done" + CLEAR + "\n"
                + UP_ONE + "ok done" + CLEAR + "\n"
                + "Copying blo" + CLEAR + "\n", terminal.toString());
    }
}
