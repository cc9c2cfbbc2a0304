package io.moonlight.core.slurm;

import java.util.Arrays;
import java.util.List;

/** The rows of {@code sacctmgr -n -P} output: one line per row, fields separated by '|'. */
final class SacctmgrTable {

    private SacctmgrTable() {
    }

    /** Each non-blank line split into exactly {@code columns} fields (empty fields kept). */
    static List<List<String>> parse(String output, int columns) {
        return output.lines()
                .filter(line -> !line.isBlank())
                .map(line -> {
                    List<String> fields = Arrays.asList(line.split("\\|", -1));
                    if (fields.size() != columns) {
                        throw new IllegalArgumentException("expected " + columns + " fields in sacctmgr line '" + line + "'");
                    }
                    return fields.stream().map(String::strip).toList();
                })
                .toList();
    }

    /**
     * A time as sacctmgr prints it ("00:01:00", "1-00:00:00", "30:00"), in seconds; null for an
     * empty field, which sacctmgr prints for "no limit".
     */
    static Long seconds(String field) {
        if (field.isEmpty()) {
            return null;
        }
        String[] dayAndTime = field.split("-", 2);
        long days = dayAndTime.length == 2 ? Long.parseLong(dayAndTime[0]) : 0;
        long seconds = 0;
        for (String part : dayAndTime[dayAndTime.length - 1].split(":")) {
            seconds = seconds * 60 + Long.parseLong(part);
        }
        return days * 86400 + seconds;
    }

    /** A count such as MaxJobsPU; null for an empty field ("no limit"). */
    static Integer count(String field) {
        return field.isEmpty() ? null : Integer.valueOf(field);
    }

    /** A comma-separated list such as Flags or QOS; empty for an empty field. */
    static List<String> list(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split(","));
    }
}
