package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The release tarball as an operator gets it: unpacked into an empty directory, run through its
 * launcher with nothing but a Java runtime.
 */
class ReleaseTarballIT {
    private static final String VERSION = System.getProperty("moonlight.version");
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("moonlight.tarball"));
        assertTrue(Files.isRegularFile(tarball), "build the tarball first: " + tarball);
        assertEquals(0, run(Map.of(), List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString())).code);
        home = dir.resolve("moonlight-" + VERSION);
    }

    @Test
    void hasTheLauncherJarsCompletionsAndManPages() {
        assertTrue(Files.isExecutable(home.resolve("bin/moonlight")));
        assertTrue(Files.isRegularFile(home.resolve("lib/moonlight-cli.jar")));
        assertTrue(Files.isRegularFile(home.resolve("lib/moonlight-core-" + VERSION + ".jar")));
        assertTrue(Files.isRegularFile(home.resolve("completions/moonlight.bash")));
        assertTrue(Files.isRegularFile(home.resolve("completions/_moonlight")));
        for (String page : List.of("moonlight.1", "moonlight-config.1", "moonlight-config-show.1", "moonlight-completion.1")) {
            assertTrue(Files.isRegularFile(home.resolve("man/man1/" + page)), page);
        }
    }

    @Test
    void printsItsVersionAndHelp() throws Exception {
        Result version = moonlight(Map.of("JAVA_HOME", JAVA_HOME), "--version");
        assertEquals(0, version.code, version.err);
        assertEquals("moonlight " + VERSION + "\n", version.out);
        assertEquals("", version.err);

        Result help = moonlight(Map.of("JAVA_HOME", JAVA_HOME), "--help");
        assertEquals(0, help.code, help.err);
        assertTrue(help.out.startsWith("Usage: moonlight "), help.out);
        assertTrue(help.out.contains("Exit codes:"), help.out);
    }

    @Test
    void everyCommandsHelpIsWhatPicocliRendersFromTheModel() throws Exception {
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(), commands);
        for (CommandLine command : commands) {
            List<String> args = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName().split(" ")));
            args.remove(0);
            args.add("--help");
            Result help = moonlight(Map.of("JAVA_HOME", JAVA_HOME), args.toArray(String[]::new));
            assertEquals(0, help.code, help.err);
            assertEquals(command.getUsageMessage(CommandLine.Help.Ansi.OFF), help.out, String.join(" ", args));
        }
    }

    @Test
    void helpIsColouredOnATerminalUnlessNoColorIsSet() throws Exception {
        String expected = Main.commandLine().getSubcommands().get("config").getUsageMessage(CommandLine.Help.Ansi.ON);
        String command = home.resolve("bin/moonlight") + " config --help";
        Result coloured = run(Map.of("JAVA_HOME", JAVA_HOME, "TERM", "xterm"), List.of("script", "-qec", command, "/dev/null"));
        assertEquals(expected, coloured.out.replace("\r\n", "\n"));
        Result plain = run(Map.of("JAVA_HOME", JAVA_HOME, "TERM", "xterm", "NO_COLOR", "1"),
                List.of("script", "-qec", command, "/dev/null"));
        assertFalse(plain.out.contains("\u001b["), plain.out);
    }

    @Test
    void findsJavaOnThePathWithoutJavaHome() throws Exception {
        Path path = Path.of(JAVA_HOME, "bin");
        Result version = moonlight(Map.of("PATH", path + ":/usr/bin:/bin"), "--version");
        assertEquals(0, version.code, version.err);
        assertEquals("moonlight " + VERSION + "\n", version.out);
    }

    @Test
    void runsThroughASymlinkElsewhere() throws Exception {
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr-local-bin")).resolve("moonlight"),
                home.resolve("bin/moonlight"));
        Result version = run(Map.of("JAVA_HOME", JAVA_HOME), List.of(link.toString(), "--version"));
        assertEquals(0, version.code, version.err);
        assertEquals("moonlight " + VERSION + "\n", version.out);
    }

    @Test
    void recordsTheClassDataArchiveOnFirstRunAndRenewsItWhenAJarChanges() throws Exception {
        Path archive = home.resolve("lib/moonlight-cds.jsa");
        assertFalse(Files.exists(archive));
        assertEquals(0, moonlight(Map.of("JAVA_HOME", JAVA_HOME), "--version").code);
        assertTrue(Files.size(archive) > 0);
        FileTime recorded = Files.getLastModifiedTime(archive);

        Result again = moonlight(Map.of("JAVA_HOME", JAVA_HOME), "config", "show", "--json");
        assertEquals(0, again.code, again.err);
        assertEquals(recorded, Files.getLastModifiedTime(archive));

        // an upgraded jar, dated ahead of this clock as an unpacked tarball's may be
        Path jar = home.resolve("lib/moonlight-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
        Result afterUpgrade = moonlight(Map.of("JAVA_HOME", JAVA_HOME), "--version");
        assertEquals("moonlight " + VERSION + "\n", afterUpgrade.out);
        assertEquals("", afterUpgrade.err, "a stale archive must not produce JVM warnings");
        FileTime renewed = Files.getLastModifiedTime(archive);
        assertTrue(renewed.compareTo(recorded) > 0, "the archive was not recorded again");

        assertEquals(0, moonlight(Map.of("JAVA_HOME", JAVA_HOME), "--version").code);
        assertEquals(renewed, Files.getLastModifiedTime(archive), "the archive was recorded again needlessly");
    }

    @Test
    void saysSoWhenNoJavaIsFound() throws Exception {
        Path tools = Files.createDirectories(dir.resolve("no-java-bin"));
        for (String tool : List.of("bash", "readlink", "env")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Result result = moonlight(Map.of("PATH", tools.toString()), "--version");
        assertEquals(ExitCode.UNAVAILABLE.code(), result.code);
        assertEquals("", result.out);
        assertTrue(result.err.startsWith("moonlight: no Java runtime found (hint: install a Java 17 runtime"), result.err);
    }

    @Test
    void refusesAJavaOlderThan17() throws Exception {
        // A Java 11 runtime cannot be installed here: a runtime directory that says it is one.
        Path fakeJava11 = Files.createDirectories(dir.resolve("FakeJava11/bin"));
        Files.writeString(fakeJava11.resolveSibling("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.2\"\n");
        Path java = Files.writeString(fakeJava11.resolve("java"), "#!/bin/sh\necho should not run; exit 99\n");
        java.toFile().setExecutable(true);
        Result result = moonlight(Map.of("JAVA_HOME", fakeJava11.getParent().toString()), "--version");
        assertEquals(ExitCode.UNAVAILABLE.code(), result.code, result.err);
        assertEquals("", result.out);
        assertTrue(result.err.contains("is Java 11.0.2; moonlight needs Java 17 or newer"), result.err);
    }

    @Test
    void manPageRendersWithTheExitCodes() throws Exception {
        Result man = run(Map.of("MANWIDTH", "100"),
                List.of("man", "--warnings", "-l", home.resolve("man/man1/moonlight.1").toString()));
        assertEquals(0, man.code, man.err);
        assertEquals("", man.err, "troff warnings");
        assertTrue(man.out.contains("moonlight - Remote Linux desktops"), man.out);
        assertTrue(man.out.contains("EXIT CODES"), man.out);
        for (ExitCode code : ExitCode.values()) {
            assertTrue(man.out.contains(code.meaning()), "man page lacks exit code " + code + ":\n" + man.out);
        }
        Result sub = run(Map.of(), List.of("man", "-l", home.resolve("man/man1/moonlight-config-show.1").toString()));
        assertTrue(sub.out.contains("EXIT CODES"), sub.out);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    private Result moonlight(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/moonlight").toString()));
        argv.addAll(List.of(args));
        return run(env, argv);
    }

    private static Result run(Map<String, String> env, List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("MOONLIGHT_CONFIG");
        builder.environment().remove("NO_COLOR");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var err = process.getErrorStream();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + argv);
        return new Result(process.exitValue(), out, errText);
    }

    private record Result(int code, String out, String err) {
    }
}
