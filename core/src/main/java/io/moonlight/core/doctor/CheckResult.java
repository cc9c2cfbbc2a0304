package io.moonlight.core.doctor;

/** One doctor line: PASS, WARN or FAIL, what was found, and for WARN/FAIL how to fix it. */
public record CheckResult(String check, Status status, String summary, String hint) {

    public enum Status { PASS, WARN, FAIL }

    public static CheckResult pass(String check, String summary) {
        return new CheckResult(check, Status.PASS, summary, "");
    }

    public static CheckResult warn(String check, String summary, String hint) {
        return new CheckResult(check, Status.WARN, summary, hint);
    }

    public static CheckResult fail(String check, String summary, String hint) {
        return new CheckResult(check, Status.FAIL, summary, hint);
    }
}
