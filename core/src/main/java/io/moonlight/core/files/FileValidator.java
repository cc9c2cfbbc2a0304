package io.moonlight.core.files;

/**
 * Checks a file after it was swapped in (e.g. {@code nginx -t}); throws a
 * {@link io.moonlight.core.MoonlightException} carrying the checker's message to roll it back.
 */
@FunctionalInterface
public interface FileValidator {
    FileValidator NONE = () -> { };

    void validate();
}
