package io.moonlight.core.sysctl;

import io.moonlight.core.ChangeStatus;

/**
 * One kernel parameter on one host: the profile's value, the live one ({@code null} when the kernel
 * has no such key there, e.g. {@code net.core.default_qdisc} inside a network namespace), and what
 * was done or found.
 */
public record SysctlKeyReport(String key, String wanted, String live, ChangeStatus status, String detail) {
}
