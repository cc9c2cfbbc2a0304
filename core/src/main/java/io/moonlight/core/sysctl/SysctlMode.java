package io.moonlight.core.sysctl;

/** What {@code install sysctl} does on each host. */
public enum SysctlMode {
    /** Write the files under the root; the live kernel is not touched. */
    INSTALL,
    /** Write the files, load the modules, set every key and read each one back. */
    APPLY,
    /** Change nothing: report whether the files are current and where live values differ. */
    CHECK
}
