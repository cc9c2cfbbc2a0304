package io.moonlight.core.doctor;

import java.util.List;

/** The Java runtime the CLI runs on. */
public final class JavaCheck implements Check {
    private final Runtime.Version version;

    public JavaCheck(Runtime.Version version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public List<CheckResult> run() {
        String found = "Java " + version + " (" + System.getProperty("java.vendor", "unknown vendor") + ")";
        if (version.feature() < 17) {
            return List.of(CheckResult.fail(name(), found, "install a Java 17 or newer runtime"));
        }
        return List.of(CheckResult.pass(name(), found));
    }
}
