package io.moonlight.core.systemd;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.files.InstallRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories in which the gateway service finds its programs: its unit's {@code PATH} and, for
 * what it runs as a user, sudo's {@code secure_path}. One list for both, so that a program resolved
 * here for the sudoers rules is exactly the one sudo runs.
 */
public record SearchPath(List<String> dirs) {
    /** sudo's and systemd's usual search path. */
    public static final SearchPath STANDARD = new SearchPath(List.of("/usr/local/sbin", "/usr/local/bin",
            "/usr/sbin", "/usr/bin", "/sbin", "/bin"));

    public SearchPath {
        dirs = List.copyOf(dirs);
        dirs.forEach(dir -> GatewayUnitModel.plainPath("a program directory", dir));
    }

    /** This path with {@code dir} added at the end (unchanged when it is on it already). */
    public SearchPath with(String dir) {
        if (dirs.contains(dir)) {
            return this;
        }
        List<String> more = new ArrayList<>(dirs);
        more.add(dir);
        return new SearchPath(more);
    }

    /** The first executable {@code name} on this path on the system under {@code root}, as an absolute path there. */
    public Optional<String> find(String name, String root, HostFiles files) {
        for (String dir : dirs) {
            String path = dir + "/" + name;
            boolean executable = files.mode(InstallRoot.under(root, path.substring(1)))
                    .map(mode -> (Integer.parseInt(mode, 8) & 0111) != 0)
                    .orElse(false);
            if (executable) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** {@link #find}, or an error naming the program, the path searched and how to get the program. */
    public String require(String name, String root, HostFiles files, String hint) {
        return find(name, root, files).orElseThrow(() -> MoonlightException.unavailable(
                "no program '" + name + "' in " + this + (InstallRoot.check(root).equals("/") ? "" : " under " + root),
                hint));
    }

    @Override
    public String toString() {
        return String.join(":", dirs);
    }
}
