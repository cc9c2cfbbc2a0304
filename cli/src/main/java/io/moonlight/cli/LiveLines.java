package io.moonlight.cli;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lines rewritten in place at the bottom of a terminal, one per key (an image on a node, a
 * session), in the order the keys first came. Each update moves the cursor up over the block
 * ({@code ESC[nA}), writes every line again and clears what is left of it ({@code ESC[K}). Lines are
 * cut to one column less than the terminal's width, so none wraps and the count of lines to go up
 * over stays right; for the same reason colours in the text are dropped and other control
 * characters become spaces.
 * Permanent lines ({@link #print}) go above the block. Only for a terminal: see {@link Output#live}.
 */
public final class LiveLines {
    private static final String ESC = "\u001B[";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int DEFAULT_WIDTH = 80;

    private final PrintWriter terminal;
    private final int width;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int drawn;

    public LiveLines(PrintWriter terminal, int width) {
        this.terminal = terminal;
        this.width = width;
    }

    /** The terminal's width from {@code stty size} on the controlling terminal; 80 when unknown. */
    public static int terminalWidth(CommandRunner runner) {
        try {
            ExecResult size = runner.run(ExternalCommand.of("stty", "-F", "/dev/tty", "size").asReadOnly());
            String[] rowsColumns = size.stdout().strip().split(" ");
            int columns = size.succeeded() && rowsColumns.length == 2 ? Integer.parseInt(rowsColumns[1]) : 0;
            return columns > 1 ? columns : DEFAULT_WIDTH;
        } catch (RuntimeException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Sets the line of {@code key} (a new key adds a line at the bottom) and redraws the block. */
    public synchronized void set(String key, String text) {
        lines.put(key, fit(text));
        StringBuilder out = new StringBuilder();
        upOverBlock(out);
        drawBlock(out);
        flush(out);
    }

    /** A line that stays: written above the block, which is drawn again below it. */
    public synchronized void print(String text) {
        StringBuilder out = new StringBuilder();
        upOverBlock(out);
        out.append(fit(text)).append(ESC).append("K\n");
        drawBlock(out);
        flush(out);
    }

    private void upOverBlock(StringBuilder out) {
        if (drawn > 0) {
            out.append(ESC).append(drawn).append('A');
        }
    }

    private void drawBlock(StringBuilder out) {
        for (String line : lines.values()) {
            out.append(line).append(ESC).append("K\n");
        }
        drawn = lines.size();
    }

    private void flush(StringBuilder out) {
        terminal.print(out);
        terminal.flush();
    }

    /** What a terminal would show of the text (after its last carriage return), cut to the width. */
    private String fit(String text) {
        String stripped = text.stripTrailing();
        String shown = stripped.substring(stripped.lastIndexOf('\r') + 1);
        String printable = CONTROL.matcher(ANSI.matcher(shown).replaceAll("")).replaceAll(" ");
        return printable.length() < width ? printable : printable.substring(0, width - 1);
    }
}
