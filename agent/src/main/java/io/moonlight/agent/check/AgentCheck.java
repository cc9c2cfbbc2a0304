package io.moonlight.agent.check;

import io.moonlight.core.doctor.Check;
import io.moonlight.core.doctor.CheckResult;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's look at what the browser's agent needs on this node: runs {@link AgentSelfTest} in a
 * JVM of its own (this JVM's runtime and class path) and reads its lines.
 */
public final class AgentCheck implements Check {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private final CommandRunner runner;
    private final String classPath;

    /** Checks with this JVM's class path: the agent's libraries as the launcher finds them. */
    public AgentCheck(CommandRunner runner) {
        this(runner, System.getProperty("java.class.path"));
    }

    AgentCheck(CommandRunner runner, String classPath) {
        this.runner = runner;
        this.classPath = classPath;
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public List<CheckResult> run() {
        String java = ProcessHandle.current().info().command().orElse("java");
        ExecResult result = runner.run(ExternalCommand.of(java, "-cp", classPath,
                AgentSelfTest.class.getName()).withTimeout(LIMIT).asReadOnly());
        List<CheckResult> results = new ArrayList<>();
        for (String line : result.stdout().lines().toList()) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 4) {
                results.add(new CheckResult(fields[1], CheckResult.Status.valueOf(fields[0]), fields[2], fields[3]));
            }
        }
        if (results.isEmpty() || !result.succeeded()) {
            String last = result.stderr().lines().reduce((a, b) -> b).orElse("no output");
            results.add(CheckResult.fail(name(), "the agent's self test ended with code " + result.exitCode() + ": " + last,
                    "run 'moonlight doctor --verbose' on this node and report it"));
        }
        return results;
    }
}
