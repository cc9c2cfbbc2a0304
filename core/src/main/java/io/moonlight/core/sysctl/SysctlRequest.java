package io.moonlight.core.sysctl;

import io.moonlight.core.files.InstallRoot;

/** What to do ({@code mode}) and under which root directory the files go (default "/"). */
public record SysctlRequest(SysctlMode mode, String root) {

    public SysctlRequest {
        root = InstallRoot.check(root);
    }

    /** {@code relative} (e.g. "etc/sysctl.d/90-moonlight.conf") under the root. */
    public String underRoot(String relative) {
        return InstallRoot.under(root, relative);
    }
}
