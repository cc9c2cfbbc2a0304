package io.moonlight.core.files;

import java.util.Optional;

/**
 * Numeric ids of accounts and groups as the system under a root directory knows them, from its
 * {@code etc/passwd} and {@code etc/group} (not this host's: under {@code --root} they may differ).
 */
public final class AccountIds {
    private AccountIds() {
    }

    public static Optional<Integer> user(String root, HostFiles files, String name) {
        return id(InstallRoot.under(root, "etc/passwd"), files, name);
    }

    public static Optional<Integer> group(String root, HostFiles files, String name) {
        return id(InstallRoot.under(root, "etc/group"), files, name);
    }

    /** The third field of the line whose first field is {@code name}, in a colon-separated file. */
    private static Optional<Integer> id(String file, HostFiles files, String name) {
        return files.read(file).flatMap(text -> text.lines()
                .map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 3 && fields[0].equals(name) && fields[2].matches("\\d{1,9}"))
                .map(fields -> Integer.parseInt(fields[2]))
                .findFirst());
    }
}
