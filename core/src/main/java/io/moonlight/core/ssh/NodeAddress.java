package io.moonlight.core.ssh;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SshConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node to reach over SSH, as {@code HOST}, {@code USER@HOST} or {@code USER@HOST:PORT} (an IPv6
 * address in brackets); user and port default to the {@code ssh} configuration. Names are checked
 * strictly: they end up in messages, known_hosts look-ups and hints to paste into a shell.
 */
public record NodeAddress(String user, String host, int port) {
    private static final Pattern NODE = Pattern.compile(
            "(?:([A-Za-z0-9_][A-Za-z0-9._-]*)@)?(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9_][A-Za-z0-9._-]*))(?::([0-9]{1,5}))?");
    private static final String FORM = "write each node as HOST, USER@HOST or USER@HOST:PORT, separated by commas";

    /** One node, e.g. the value of {@code --node}. */
    public static NodeAddress parse(String text, SshConfig defaults) {
        String node = text == null ? "" : text.strip();
        if (node.isEmpty()) {
            throw MoonlightException.badInput("empty node name", FORM);
        }
        Matcher m = NODE.matcher(node);
        if (!m.matches()) {
            throw MoonlightException.badInput("'" + node + "' is not a node name", FORM);
        }
        String host = m.group(2) != null ? m.group(2) : m.group(3);
        int port = m.group(4) == null ? defaults.port() : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            throw MoonlightException.badInput("node '" + node + "': " + port + " is not a TCP port",
                    "use a port from 1 to 65535");
        }
        return new NodeAddress(m.group(1) == null ? defaults.user() : m.group(1), host, port);
    }

    /** A comma-separated list, e.g. the value of {@code --nodes}; each node at most once. */
    public static List<NodeAddress> parseList(String text, SshConfig defaults) {
        String list = text == null ? "" : text;
        List<NodeAddress> nodes = new ArrayList<>();
        Set<NodeAddress> seen = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            if (item.isBlank()) {
                throw MoonlightException.badInput("empty node name in '" + list + "'", FORM);
            }
            NodeAddress node = parse(item, defaults);
            if (!seen.add(node)) {
                throw MoonlightException.badInput("node '" + item.strip() + "' is listed twice in '" + list + "'",
                        "name each node once");
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    /** The form ssh and ssh-keyscan understand in known_hosts: {@code [HOST]:PORT} off port 22. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
