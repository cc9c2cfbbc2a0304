package io.moonlight.core.doctor;

import java.util.List;

/** One thing the doctor looks at; it only reads, never changes anything. */
public interface Check {

    String name();

    /** One result, or several for a check that looks at several things (e.g. each image). */
    List<CheckResult> run();
}
