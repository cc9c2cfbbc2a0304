package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code moonlight --version} answered early by main prints exactly what picocli would. */
class VersionTest {

    @Test
    void mainsShortcutPrintsWhatThePicocliOptionPrints() throws Exception {
        StringWriter picocli = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(picocli));
        assertEquals(0, cli.execute("--version"));

        for (String option : new String[] {"--version", "-V"}) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), option).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor());
            assertEquals(picocli.toString(), out);
        }
    }
}
