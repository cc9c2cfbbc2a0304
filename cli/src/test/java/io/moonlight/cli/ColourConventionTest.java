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

    @Test
    void helpAndOutputAreColouredOnATerminal() throws Exception {
        assertTrue(onTerminal(Map.of(), Main.class.getName(), "config", "--help").contains(ESC));
        assertTrue(onTerminal(Map.of(), ColourProbe.class.getName()).contains("colour=true"));
    }

    @Test
    void noColourTurnsColoursOffOnATerminal() throws Exception {
        assertFalse(onTerminal(Map.of("NO_COLOR", "1"), Main.class.getName(), "config", "--help").contains(ESC));
        assertTrue(onTerminal(Map.of("NO_COLOR", "1"), ColourProbe.class.getName()).contains("colour=false"));
    }

    @Test
    void noColoursWhenStdoutIsNotATerminal() throws Exception {
        assertFalse(piped(Main.class.getName(), "config", "--help").contains(ESC));
        assertTrue(piped(ColourProbe.class.getName()).contains("colour=false"));
    }

    private static String onTerminal(Map<String, String> env, String mainClass, String... args) throws Exception {
        List<String> java = javaCommand(mainClass, args);
        String command = java.stream().map(ColourConventionTest::quote).reduce((a, b) -> a + " " + b).orElseThrow();
        return run(env, List.of("script", "-qec", command, "/dev/null"));
    }

    private static String piped(String mainClass, String... args) throws Exception {
        return run(Map.of(), javaCommand(mainClass, args));
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        argv.addAll(List.of(args));
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
