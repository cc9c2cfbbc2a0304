package io.moonlight.core.nginx;

import io.moonlight.core.MoonlightException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moonlight's blocks in a text file, each between marker comments whose BEGIN line carries the
 * SHA-256 of the lines in between:
 * <pre>
 * # BEGIN moonlight managed block: NAME (sha256:HEX) - do not edit
 * ...
 * # END moonlight managed block: NAME
 * </pre>
 * Blocks are whole lines, so taking them out gives back the text exactly as it was before they
 * were put in. A block ends its lines as the file does (CRLF or LF); its checksum does not depend on
 * which, so a file converted as a whole does not count as edited.
 */
public final class ManagedBlocks {
    private static final String PREFIX = "# BEGIN moonlight managed block";
    private static final String END_PREFIX = "# END moonlight managed block";
    private static final Pattern BEGIN = Pattern.compile(
            "# BEGIN moonlight managed block: ([a-z][a-z-]*) \\(sha256:([0-9a-f]{64})\\) - do not edit");
    private static final Pattern END = Pattern.compile("# END moonlight managed block: ([a-z][a-z-]*)");
    private static final String TEMPLATE_INDENT = "    ";

    /** A text with its managed blocks taken out, and the blocks that were in it. */
    public record Scan(String base, List<ManagedBlock> blocks) {
        public Scan {
            blocks = List.copyOf(blocks);
        }

        public List<ManagedBlock> edited() {
            return blocks.stream().filter(ManagedBlock::edited).toList();
        }
    }

    private ManagedBlocks() {
    }

    /**
     * Finds the managed blocks of {@code text}; a broken marker (a BEGIN without END, an unknown
     * or repeated name) is a bad-input error naming {@code source} and the line.
     */
    public static Scan scan(String text, String source, Set<String> knownNames) {
        StringBuilder base = new StringBuilder();
        List<ManagedBlock> blocks = new ArrayList<>();
        int lineNumber = 0;
        int pos = 0;
        Matcher open = null;
        int openLine = 0;
        int contentStart = 0;
        while (pos < text.length()) {
            int next = text.indexOf('\n', pos);
            next = next < 0 ? text.length() : next + 1;
            lineNumber++;
            String line = text.substring(pos, next);
            String marker = line.strip();
            if (open == null) {
                if (marker.startsWith(PREFIX)) {
                    Matcher begin = BEGIN.matcher(marker);
                    if (!begin.matches()) {
                        throw broken(source, lineNumber, "malformed BEGIN marker");
                    }
                    String name = begin.group(1);
                    if (!knownNames.contains(name)) {
                        throw broken(source, lineNumber, "unknown managed block '" + name + "'");
                    }
                    if (blocks.stream().anyMatch(b -> b.name().equals(name))) {
                        throw broken(source, lineNumber, "managed block '" + name + "' appears twice");
                    }
                    open = begin;
                    openLine = lineNumber;
                    contentStart = next;
                } else if (marker.startsWith(END_PREFIX)) {
                    throw broken(source, lineNumber, "END marker without its BEGIN marker");
                } else {
                    base.append(line);
                }
            } else if (marker.startsWith(PREFIX)) {
                throw broken(source, lineNumber, "BEGIN marker inside managed block '" + open.group(1) + "'");
            } else if (marker.startsWith(END_PREFIX)) {
                Matcher end = END.matcher(marker);
                if (!end.matches() || !end.group(1).equals(open.group(1))) {
                    throw broken(source, lineNumber, "END marker does not close managed block '" + open.group(1) + "'");
                }
                String content = text.substring(contentStart, pos);
                boolean edited = !checksum(content).equals(open.group(2));
                blocks.add(new ManagedBlock(open.group(1), openLine, base.length(), edited));
                open = null;
            }
            pos = next;
        }
        if (open != null) {
            throw broken(source, openLine, "managed block '" + open.group(1) + "' has no END marker");
        }
        return new Scan(base.toString(), blocks);
    }

    /**
     * The block as it goes into a file, between the markers: every line of {@code body} (indented
     * by four spaces per level, as the templates are) indented by {@code indent}, with each level
     * of four spaces turned into {@code unit}, and ended by {@code newline}, so the block looks like
     * the file around it.
     */
    public static String wrap(String name, String body, String indent, String unit, String newline) {
        StringBuilder content = new StringBuilder();
        body.lines().forEach(line -> content.append(line.isBlank() ? "" : indent + reindent(line, unit)).append(newline));
        return indent + "# BEGIN moonlight managed block: " + name + " (sha256:" + checksum(content.toString())
                + ") - do not edit" + newline + content + indent + "# END moonlight managed block: " + name + newline;
    }

    /** How the text ends its lines: as its first line does; LF for a text of one line. */
    public static String newline(String text) {
        int lf = text.indexOf('\n');
        return lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
    }

    private static String reindent(String line, String unit) {
        int levels = 0;
        while (line.startsWith(TEMPLATE_INDENT, levels * TEMPLATE_INDENT.length())) {
            levels++;
        }
        return unit.repeat(levels) + line.substring(levels * TEMPLATE_INDENT.length());
    }

    /** Text to put into a base text at an offset (a line start). */
    public record Insertion(int offset, String text) {
    }

    /** {@code base} with each insertion made at its offset. */
    public static String insert(String base, List<Insertion> insertions) {
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (Insertion insertion : insertions.stream().sorted(Comparator.comparingInt(Insertion::offset)).toList()) {
            out.append(base, copied, insertion.offset()).append(insertion.text());
            copied = insertion.offset();
        }
        return out.append(base.substring(copied)).toString();
    }

    /** The SHA-256 of the content with its lines ended by LF. */
    static String checksum(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(content.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MoonlightException broken(String source, int line, String what) {
        return MoonlightException.badInput(source + ":" + line + ": " + what,
                "restore the markers as moonlight wrote them (see the backup beside the file), or remove the whole block");
    }
}
