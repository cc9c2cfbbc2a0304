package io.moonlight.core.sysctl;

import io.moonlight.core.MoonlightException;
import java.nio.file.Path;

/** What to do ({@code mode}) and under which root directory the files go (default "/"). */
public record SysctlRequest(SysctlMode mode, String root) {

    public SysctlRequest {
        if (root == null) {
            root = "/";
        }
        if (!root.startsWith("/")) {
            throw MoonlightException.badInput("--root '" + root + "' is not an absolute path",
                    "give the root directory from /, e.g. --root /srv/image-root");
        }
        if (!Path.of(root).normalize().toString().equals(Path.of(root).toString())) {
            throw MoonlightException.badInput("--root '" + root + "' contains '.' or '..'",
                    "give the root directory without '.' or '..' parts");
        }
    }

    /** {@code relative} (e.g. "etc/sysctl.d/90-moonlight.conf") under the root. */
    public String underRoot(String relative) {
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
}
