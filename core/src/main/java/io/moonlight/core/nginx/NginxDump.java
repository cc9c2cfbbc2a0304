package io.moonlight.core.nginx;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code nginx -T}: every file of the configuration, each after a
 * "# configuration file PATH:" line, as nginx read it.
 */
final class NginxDump {
    private static final Pattern FILE_HEADER = Pattern.compile("(?m)^# configuration file (.+):\\n");

    private final Map<String, String> files;

    private NginxDump(Map<String, String> files) {
        this.files = files;
    }

    static NginxDump of(String output) {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher header = FILE_HEADER.matcher(output);
        String path = null;
        int contentStart = 0;
        while (header.find()) {
            if (path != null) {
                files.merge(path, output.substring(contentStart, header.start()), String::concat);
            }
            path = header.group(1);
            contentStart = header.end();
        }
        if (path != null) {
            files.merge(path, output.substring(contentStart), String::concat);
        }
        return new NginxDump(files);
    }

    List<String> files() {
        return List.copyOf(files.keySet());
    }

    /**
     * Whether some {@code map} defines {@code $connection_upgrade}, not counting moonlight's own
     * blocks in {@code ownFile} (the path as nginx names it).
     */
    boolean definesConnectionUpgrade(String ownFile, Set<String> blockNames) {
        for (Map.Entry<String, String> file : files.entrySet()) {
            String text = file.getKey().equals(ownFile)
                    ? ManagedBlocks.scan(file.getValue(), file.getKey(), blockNames).base()
                    : file.getValue();
            if (anyMap(NginxConfParser.parse(text, file.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code include} patterns that match {@code path}; relative patterns are relative to
     * {@code confPrefix}, the main configuration's directory, as nginx reads them.
     */
    List<String> includesMatching(String path, Path confPrefix) {
        List<String> matching = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            collectIncludes(NginxConfParser.parse(file.getValue(), file.getKey()), includes -> {
                Path pattern = confPrefix.resolve(includes);
                if (FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(path))) {
                    matching.add(includes);
                }
            });
        }
        return matching;
    }

    private static void collectIncludes(List<NginxDirective> directives, Consumer<String> sink) {
        for (NginxDirective directive : directives) {
            if (directive.name().equals("include") && directive.args().size() == 1) {
                sink.accept(directive.args().get(0));
            }
            if (directive.isBlock()) {
                collectIncludes(directive.block(), sink);
            }
        }
    }

    private static boolean anyMap(List<NginxDirective> directives) {
        for (NginxDirective directive : directives) {
            if (directive.name().equals("map") && directive.args().size() == 2
                    && directive.args().get(1).equals("$connection_upgrade")) {
                return true;
            }
            if (directive.isBlock() && anyMap(directive.block())) {
                return true;
            }
        }
        return false;
    }
}
