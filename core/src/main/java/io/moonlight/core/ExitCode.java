package io.moonlight.core;

/** The one exit-code table of every moonlight command; shown in {@code --help}. */
public enum ExitCode {
    OK(0, "success (also: already in the wanted state)"),
    ERROR(1, "error: a step failed, or a doctor check failed"),
    USAGE(2, "usage or bad input: nothing was changed"),
    DRIFT(3, "--check found the live state differs from the wanted state"),
    NOTHING_TO_DO(4, "nothing to do: every target was skipped"),
    UNAVAILABLE(5, "a required tool or service is missing or unreachable");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
