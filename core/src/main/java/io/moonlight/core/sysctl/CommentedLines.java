package io.moonlight.core.sysctl;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a profile file in the sysctl.d(5) style: each non-comment line with the comment
 * lines directly above it (its reasons). A blank line ends a comment block, so a file's header is
 * nobody's reason.
 */
record CommentedLines(String source, List<Line> lines) {

    /** A content line, its 1-based number in the file and the comment lines just above it. */
    record Line(int number, String text, List<String> comments) {
    }

    static CommentedLines parse(String source, String text) {
        List<Line> lines = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                comments.clear();
            } else if (line.startsWith("#") || line.startsWith(";")) {
                comments.add(line.substring(1).strip());
            } else {
                lines.add(new Line(number, line, List.copyOf(comments)));
                comments.clear();
            }
        }
        return new CommentedLines(source, List.copyOf(lines));
    }
}
