package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Unix sockets bound in this network namespace, by name, as {@code /proc/net/unix} lists them: a
 * path, or an abstract name with '@' in place of its leading NUL. An abstract socket has no file
 * and needs no permission, so any local user can hold the name an X server wants to listen on.
 */
record UnixSocketTable(Set<String> names) {
    /** Columns before the name: Num, RefCount, Protocol, Flags, Type, St, Inode. */
    private static final int COLUMNS_BEFORE_NAME = 7;

    static UnixSocketTable read(Path table) {
        try {
            return parse(Files.readAllLines(table, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read the node's Unix sockets from " + table + ": " + e.getMessage(),
                    "the supervisor needs /proc mounted to see which X displays other servers hold");
        }
    }

    /** The names in the table's lines; the header and unnamed sockets have none. */
    static UnixSocketTable parse(List<String> lines) {
        return new UnixSocketTable(lines.stream()
                .map(line -> line.split("\\s+", COLUMNS_BEFORE_NAME + 1))
                .filter(columns -> columns.length == COLUMNS_BEFORE_NAME + 1 && !columns[0].equals("Num"))
                .map(columns -> columns[COLUMNS_BEFORE_NAME])
                .collect(Collectors.toUnmodifiableSet()));
    }

    boolean holds(String name) {
        return names.contains(name);
    }
}
