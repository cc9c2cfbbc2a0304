package io.moonlight.core.nginx;

import java.util.List;

/**
 * One directive of an nginx configuration text and where it is: {@code start} is the offset of its
 * name, {@code end} the offset just after its {@code ;} or closing brace. A block directive
 * ({@code server { ... }}) has its children and the offset of its opening brace; a simple one has
 * {@code block == null}.
 */
public record NginxDirective(String name, List<String> args, int line, int start, int end,
        int blockOpen, List<NginxDirective> block) {

    public NginxDirective {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public boolean isBlock() {
        return block != null;
    }

    /** The offset of the closing brace of a block directive. */
    public int blockClose() {
        return end - 1;
    }

    /** Whether {@code offset} lies strictly inside this directive's text. */
    public boolean encloses(int offset) {
        return start < offset && offset < end;
    }
}
