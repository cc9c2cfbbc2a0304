package io.moonlight.core.nginx;

/**
 * A managed block found in a file: its name, where it sat in the file once all managed blocks are
 * taken out ({@code baseOffset}, always a line start) and whether its content
 * still matches the checksum in its BEGIN marker (else it was edited by hand).
 */
public record ManagedBlock(String name, int line, int baseOffset, boolean edited) {
}
