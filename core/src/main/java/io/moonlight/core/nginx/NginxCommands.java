package io.moonlight.core.nginx;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The nginx binary as moonlight uses it: dump and test a main configuration, and reload it. */
public final class NginxCommands {
    /** "2026/11/25 17:19:31 [emerg] 10129#10129: " before nginx's message once its error log is open. */
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (\\[\\w+]) \\d+#\\d+: ");
    private static final Pattern PROBLEM = Pattern.compile(".*\\[(emerg|alert|crit|error)].*");

    private final CommandRunner runner;
    private final String binary;
    private final Path mainConf;

    public NginxCommands(CommandRunner runner, String binary, Path mainConf) {
        this.runner = runner;
        this.binary = binary;
        this.mainConf = mainConf;
    }

    /** {@code nginx -T}: tests the configuration and prints every file it reads. */
    public ExecResult dump() {
        return runner.run(ExternalCommand.of(binary, "-T", "-c", mainConf.toString()).asReadOnly());
    }

    public ExternalCommand testCommand() {
        return ExternalCommand.of(binary, "-t", "-c", mainConf.toString()).asReadOnly();
    }

    /** Runs {@code nginx -t}; when it fails, throws with nginx's own message line. */
    public void test() {
        ExecResult result = runner.run(testCommand());
        if (!result.succeeded()) {
            throw MoonlightException.failed("'" + testCommand().display() + "' failed: " + message(result),
                    "the file was put back as it was; fix what nginx reports");
        }
    }

    public ExternalCommand reloadCommand() {
        return ExternalCommand.of(binary, "-c", mainConf.toString(), "-s", "reload");
    }

    /** Runs {@code nginx -s reload}; when it fails, throws with nginx's own message line. */
    public void reload() {
        ExecResult result = runner.run(reloadCommand());
        if (!result.succeeded()) {
            throw MoonlightException.failed("'" + reloadCommand().display() + "' failed: " + message(result),
                    "check that nginx runs with " + mainConf + " (its pid file) and see its error log");
        }
    }

    public Path mainConf() {
        return mainConf;
    }

    /** nginx's own line saying what is wrong ("nginx: [emerg] unknown ... in FILE:LINE"). */
    public static String message(ExecResult result) {
        List<String> lines = (result.stderr() + result.stdout()).lines().map(String::strip).toList();
        return lines.stream()
                .filter(line -> PROBLEM.matcher(line).matches())
                .findFirst()
                .map(line -> LOG_PREFIX.matcher(line).replaceFirst("nginx: $1 "))
                .orElseGet(result::complaint);
    }
}
