package io.moonlight.core.files;

import java.util.Optional;

/**
 * The few file operations install steps need, on this host or on another one reached through a
 * command runner. Paths are absolute strings so that they mean the same thing on both.
 */
public interface HostFiles {

    /** The file's content, or empty when it does not exist. */
    Optional<String> read(String path);

    /** Replaces the file in one step (write beside it, then rename); creates parent directories. */
    void writeAtomically(String path, String content, String octalMode);

    /** Copies the file to {@code copy}, keeping its mode and times. */
    void copy(String path, String copy);

    boolean exists(String path);

    /** The file's permission bits in octal ("640"), or empty when it does not exist. */
    Optional<String> mode(String path);

    void delete(String path);

    /** Where these files are: "localhost" or a host name. */
    String host();
}
