package io.moonlight.core.nginx;

import io.moonlight.core.MoonlightException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The portal's nginx file without moonlight's blocks: a file included inside {@code http { }}
 * (like {@code conf.d/*.conf}), whose top level holds upstreams and servers. It finds the HTTPS
 * server that receives the locations and the offsets where the blocks go.
 */
final class PortalFile {
    private static final String INDENT_STEP = "    ";

    private final String text;
    private final String source;
    private final List<NginxDirective> top;

    private PortalFile(String text, String source, List<NginxDirective> top) {
        this.text = text;
        this.source = source;
        this.top = top;
    }

    static PortalFile parse(String text, String source) {
        List<NginxDirective> top = NginxConfParser.parse(text, source);
        for (NginxDirective directive : top) {
            if (List.of("http", "events", "stream").contains(directive.name())) {
                throw MoonlightException.badInput(source + ":" + directive.line() + ": has an '" + directive.name()
                        + "' block, so it is a main configuration, not a file included inside http { }",
                        "point --conf (nginx.conf) at the portal's file under conf.d/, and nginx.main_conf at " + source);
            }
        }
        return new PortalFile(text, source, top);
    }

    /** The one top-level server listening on port 443, or the one named {@code serverName} among several. */
    NginxDirective httpsServer(String serverName) {
        List<NginxDirective> servers = top.stream()
                .filter(d -> d.isBlock() && d.name().equals("server") && listensOn443(d))
                .toList();
        if (servers.isEmpty()) {
            throw MoonlightException.badInput(source + " has no server with 'listen 443'",
                    "moonlight adds its locations to the portal's HTTPS server and never creates one:"
                            + " point --conf (nginx.conf) at the file that has it");
        }
        if (serverName == null || serverName.isEmpty()) {
            if (servers.size() > 1) {
                throw MoonlightException.badInput(source + " has " + servers.size() + " servers listening on 443: "
                        + describe(servers), "choose one with --server-name NAME (or nginx.server_name)");
            }
            return servers.get(0);
        }
        List<NginxDirective> named = servers.stream().filter(s -> serverNames(s).contains(serverName)).toList();
        if (named.size() != 1) {
            throw MoonlightException.badInput((named.isEmpty() ? "no" : named.size()) + " server listening on 443 in "
                    + source + " has server_name '" + serverName + "'; there are: " + describe(servers),
                    "give --server-name one name of exactly one of them");
        }
        return named.get(0);
    }

    /**
     * Where the top-level block goes: where it was, if that is still at the top level, else the
     * start of the line of the file's first directive (after a leading comment), else the file's start.
     */
    int topOffset(Optional<Integer> previous) {
        return previous.filter(offset -> top.stream().noneMatch(d -> d.encloses(offset)))
                .orElseGet(() -> top.stream()
                        .filter(d -> leadingBlank(d.start()).isPresent())
                        .findFirst()
                        .map(d -> lineStart(d.start()))
                        .orElse(0));
    }

    /**
     * Where the locations go: where they were, if that is still inside {@code server} between its
     * directives, else the start of the line of the server's closing brace.
     */
    int locationsOffset(NginxDirective server, Optional<Integer> previous) {
        Optional<Integer> kept = previous.filter(offset -> server.blockOpen() < offset && offset <= server.blockClose()
                && server.block().stream().noneMatch(d -> d.encloses(offset)));
        if (kept.isPresent()) {
            return kept.get();
        }
        int lineStart = lineStart(server.blockClose());
        if (!text.substring(lineStart, server.blockClose()).isBlank()) {
            throw MoonlightException.badInput(source + ":" + lineOf(server.blockClose())
                    + ": the closing brace of the server at line " + server.line() + " shares its line with other text",
                    "put that '}' on a line of its own");
        }
        return lineStart;
    }

    /** The indentation of the server's directives (one step deeper than the server when it has none). */
    String indentInside(NginxDirective server) {
        return server.block().stream()
                .map(d -> leadingBlank(d.start()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> serverIndent(server) + INDENT_STEP);
    }

    /** One level of indentation as the file writes it: what the server's directives add to the server's own. */
    String indentUnit(NginxDirective server) {
        String inside = indentInside(server);
        String outside = serverIndent(server);
        return inside.startsWith(outside) && inside.length() > outside.length()
                ? inside.substring(outside.length()) : INDENT_STEP;
    }

    private String serverIndent(NginxDirective server) {
        return leadingBlank(server.start()).orElse("");
    }

    private Optional<String> leadingBlank(int offset) {
        String before = text.substring(lineStart(offset), offset);
        return before.isBlank() ? Optional.of(before) : Optional.empty();
    }

    private int lineStart(int offset) {
        return text.lastIndexOf('\n', offset - 1) + 1;
    }

    private int lineOf(int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    static boolean listensOn443(NginxDirective server) {
        return server.block().stream()
                .filter(d -> d.name().equals("listen") && !d.args().isEmpty())
                .anyMatch(d -> port(d.args().get(0)).equals("443"));
    }

    /** The port of a listen address: "443", "[::]:443", "10.0.0.1:443", "*:443"; a bare host means 80. */
    private static String port(String address) {
        if (address.startsWith("unix:")) {
            return "";
        }
        if (address.startsWith("[")) {
            int close = address.indexOf("]:");
            return close < 0 ? "80" : address.substring(close + 2);
        }
        if (address.contains(":")) {
            return address.substring(address.lastIndexOf(':') + 1);
        }
        return address.chars().allMatch(Character::isDigit) ? address : "80";
    }

    private static List<String> serverNames(NginxDirective server) {
        return server.block().stream()
                .filter(d -> d.name().equals("server_name"))
                .flatMap(d -> d.args().stream())
                .toList();
    }

    private static String describe(List<NginxDirective> servers) {
        return servers.stream()
                .map(s -> "line " + s.line() + " (" + (serverNames(s).isEmpty() ? "no server_name"
                        : "server_name " + String.join(" ", serverNames(s))) + ")")
                .collect(Collectors.joining(", "));
    }
}
