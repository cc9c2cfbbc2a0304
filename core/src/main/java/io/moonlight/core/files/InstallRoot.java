package io.moonlight.core.files;

import io.moonlight.core.MoonlightException;
import java.nio.file.Path;

/**
 * The {@code --root DIR} under which install steps write their files (default {@code /}): absolute
 * and without '.' or '..' parts, so a file can never land outside it.
 */
public final class InstallRoot {
    /** Where the installed launcher is linked (README, Install); units and cron entries call it by default. */
    public static final String LAUNCHER = "/usr/local/bin/moonlight";

    private InstallRoot() {
    }

    /** The root itself ("/" for null), or a bad-input error. */
    public static String check(String root) {
        if (root == null) {
            return "/";
        }
        if (!root.startsWith("/")) {
            throw MoonlightException.badInput("--root '" + root + "' is not an absolute path",
                    "give the root directory from /, e.g. --root /srv/image-root");
        }
        if (!Path.of(root).normalize().toString().equals(Path.of(root).toString())) {
            throw MoonlightException.badInput("--root '" + root + "' contains '.' or '..'",
                    "give the root directory without '.' or '..' parts");
        }
        return root;
    }

    /** {@link #check} plus: the root exists on the host behind {@code files}, else a bad-input error. */
    public static String existing(String root, HostFiles files) {
        String checked = check(root);
        if (!files.exists(checked)) {
            throw MoonlightException.badInput("--root " + checked + " does not exist on " + files.host(),
                    "create the directory first, or leave --root out to install into /");
        }
        return checked;
    }

    /** {@code relative} (e.g. "etc/sysctl.d/90-moonlight.conf") under the root. */
    public static String under(String root, String relative) {
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
}
