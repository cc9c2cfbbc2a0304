package io.moonlight.core.sysctl;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's live parameters, read and written with sysctl(8) through a command runner, so that
 * it works the same in a network namespace and over SSH.
 */
final class LiveSysctl {
    private static final Pattern KEY_VALUE = Pattern.compile("(\\S+) = ?(.*)");

    private final CommandRunner runner;

    LiveSysctl(CommandRunner runner) {
        this.runner = runner;
    }

    /** The live values of {@code keys}; a key the kernel does not have is left out. */
    Map<String, String> read(List<String> keys) {
        List<String> argv = new ArrayList<>();
        argv.add("sysctl");
        argv.addAll(keys);
        ExecResult result = runner.run(ExternalCommand.of(argv).asReadOnly());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            Matcher m = KEY_VALUE.matcher(line);
            if (m.matches() && keys.contains(m.group(1))) {
                values.put(m.group(1), m.group(2));
            }
        }
        // sysctl exits non-zero when any key is missing; only a run that read nothing at all is broken.
        if (values.isEmpty() && !result.succeeded()) {
            throw MoonlightException.failed("cannot read the kernel parameters on " + runner.target() + ": "
                    + result.complaint(), "check that sysctl (procps) is installed there");
        }
        return values;
    }

    /**
     * Sets one parameter and returns what sysctl complained about, or an empty string. Its exit code
     * says little: it exits 0 after "Invalid argument", so only reading the value back tells.
     */
    String write(String key, String value) {
        ExecResult result = runner.run(ExternalCommand.of("sysctl", "-w", key + "=" + value));
        return result.stderr().strip().replaceAll("\\s*\n\\s*", "; ");
    }
}
