package io.moonlight.core.nginx;

import io.moonlight.core.MoonlightException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads nginx configuration text into directives with their offsets, the way nginx tokenizes it:
 * {@code #} starts a comment only where a word could start, quoted strings may hold anything,
 * a backslash escapes the next character, {@code ${name}} is a variable and not a block. It does
 * not follow {@code include}: it reads one text.
 */
public final class NginxConfParser {
    private final String text;
    private final String source;
    private final int[] lineStarts;
    private int pos;

    private NginxConfParser(String text, String source) {
        this.text = text;
        this.source = source;
        this.lineStarts = IntStream.concat(IntStream.of(0),
                IntStream.range(0, text.length()).filter(i -> text.charAt(i) == '\n').map(i -> i + 1)).toArray();
    }

    /**
     * The top-level directives of {@code text}; a syntax error is a bad-input error naming
     * {@code source} and the line.
     */
    public static List<NginxDirective> parse(String text, String source) {
        NginxConfParser parser = new NginxConfParser(text, source);
        return parser.directives(false);
    }

    private List<NginxDirective> directives(boolean nested) {
        List<NginxDirective> directives = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= text.length()) {
                if (nested) {
                    throw error(pos, "unexpected end of file, expecting '}'");
                }
                return directives;
            }
            char c = text.charAt(pos);
            if (c == '}') {
                if (!nested) {
                    throw error(pos, "unexpected '}'");
                }
                return directives;
            }
            if (c == ';' || c == '{') {
                throw error(pos, "unexpected '" + c + "'");
            }
            directives.add(directive());
        }
    }

    private NginxDirective directive() {
        int start = pos;
        List<String> words = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= text.length()) {
                throw error(pos, "unexpected end of file, expecting ';' or '}'");
            }
            char c = text.charAt(pos);
            if (c == ';') {
                pos++;
                return new NginxDirective(words.get(0), words.subList(1, words.size()), lineAt(start), start, pos, -1, null);
            }
            if (c == '{') {
                int open = pos++;
                List<NginxDirective> children = directives(true);
                pos++;
                return new NginxDirective(words.get(0), words.subList(1, words.size()), lineAt(start), start, pos, open,
                        children);
            }
            if (c == '}') {
                throw error(pos, "unexpected '}', expecting ';'");
            }
            words.add(c == '"' || c == '\'' ? quoted(c) : word());
        }
    }

    private String quoted(char quote) {
        int open = pos++;
        StringBuilder word = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && !isBlank(text.charAt(pos)) && ";{".indexOf(text.charAt(pos)) < 0) {
                    throw error(pos, "unexpected '" + text.charAt(pos) + "' after a quoted string");
                }
                return word.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char next = text.charAt(pos++);
                switch (next) {
                    case '"', '\'', '\\' -> word.append(next);
                    case 't' -> word.append('\t');
                    case 'r' -> word.append('\r');
                    case 'n' -> word.append('\n');
                    default -> word.append(c).append(next);
                }
            } else {
                word.append(c);
            }
        }
        throw error(open, "unterminated quoted string");
    }

    private String word() {
        StringBuilder word = new StringBuilder();
        boolean inVariable = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (inVariable) {
                inVariable = c != '}';
            } else if (isBlank(c) || c == ';' || c == '}') {
                break;
            } else if (c == '{') {
                if (!word.toString().endsWith("$")) {
                    break;
                }
                inVariable = true;
            } else if (c == '\\' && pos + 1 < text.length()) {
                word.append(c);
                pos++;
                c = text.charAt(pos);
            }
            word.append(c);
            pos++;
        }
        return word.toString();
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                int newline = text.indexOf('\n', pos);
                pos = newline < 0 ? text.length() : newline + 1;
            } else if (isBlank(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private int lineAt(int offset) {
        int found = Arrays.binarySearch(lineStarts, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private MoonlightException error(int offset, String what) {
        return MoonlightException.badInput(source + ":" + lineAt(offset) + ": " + what,
                "fix the nginx syntax there ('nginx -t' reports it too)");
    }
}
