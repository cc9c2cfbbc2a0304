package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Colours only on a terminal and never with NO_COLOR, for picocli's help and for command output
 * alike. A pseudo-terminal comes from util-linux's {@code script}.
 */
class ColourConventionTest {
    private static final String ESC = "\u001b[";

    /** Help answered early from the build's texts (when built) and help rendered by picocli. */
    private static final List<List<String>> HELP = List.of(List.of("config", "--help"), List.of("help", "config"));

    @Test
    void helpAndOutputAreColouredOnATerminal() throws Exception {
        for (List<String> help : HELP) {
            assertTrue(onTerminal(Map.of(), Main.class.getName(), help).contains(ESC), help.toString());
        }
        assertTrue(onTerminal(Map.of(), ColourProbe.class.getName(), List.of()).contains("colour=true"));
    }

    @Test
    void noColourTurnsColoursOffOnATerminal() throws Exception {
        for (List<String> help : HELP) {
            assertFalse(onTerminal(Map.of("NO_COLOR", "1"), Main.class.getName(), help).contains(ESC), help.toString());
        }
        assertTrue(onTerminal(Map.of("NO_COLOR", "1"), ColourProbe.class.getName(), List.of()).contains("colour=false"));
    }

    @Test
    void noColoursWhenStdoutIsNotATerminal() throws Exception {
        for (List<String> help : HELP) {
            assertFalse(piped(Main.class.getName(), help).contains(ESC), help.toString());
        }
        assertTrue(piped(ColourProbe.class.getName(), List.of()).contains("colour=false"));
    }

    @Test
    void aDumbTerminalGetsNoColours() throws Exception {
        assertFalse(onTerminal(Map.of("TERM", "dumb"), Main.class.getName(), HELP.get(1)).contains(ESC));
    }

    private static String onTerminal(Map<String, String> env, String mainClass, List<String> args) throws Exception {
        List<String> java = javaCommand(mainClass, args);
        String command = java.stream().map(ColourConventionTest::quote).reduce((a, b) -> a + " " + b).orElseThrow();
        return run(env, List.of("script", "-qec", command, "/dev/null"));
    }

    private static String piped(String mainClass, List<String> args) throws Exception {
        return run(Map.of(), javaCommand(mainClass, args));
    }

    private static List<String> javaCommand(String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        argv.addAll(args);
        return argv;
    }

    private static String run(Map<String, String> env, List<String> argv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().remove("NO_COLOR");
        builder.environment().put("TERM", "xterm");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
