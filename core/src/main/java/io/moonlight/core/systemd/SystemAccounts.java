package io.moonlight.core.systemd;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.files.InstallRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The local accounts no desktop session is for, read from {@code <root>/etc/passwd}: root, every
 * account below {@code sessions.min_uid}, and every account that cannot log in (shell
 * {@code nologin} or {@code false}) whatever its uid: Debian gives {@code slurm} uid 64030 and
 * {@code nobody} 65534. Each is named as sudoers can spell it: the name, or {@code #uid} for a name
 * sudoers would need quoted.
 */
public final class SystemAccounts {
    public static final String PASSWD = "etc/passwd";
    private static final Pattern SUDOERS_NAME = Pattern.compile("[a-z_][a-z0-9_.-]*");

    private SystemAccounts() {
    }

    public static List<String> excluded(String root, HostFiles files, int minUid) {
        String passwd = InstallRoot.under(root, PASSWD);
        String text = files.read(passwd).orElseThrow(() -> MoonlightException.badInput("no " + passwd
                        + ": cannot tell the system accounts the gateway must never act as",
                "install into the root of a system with its accounts, or leave --root out"));
        List<String> excluded = new ArrayList<>(List.of("root"));
        for (String line : text.lines().toList()) {
            String[] fields = line.split(":", -1);
            if (fields.length < 7 || !fields[2].matches("\\d{1,10}")) {
                continue;
            }
            long uid = Long.parseLong(fields[2]);
            String shell = fields[6];
            boolean system = uid < minUid || shell.endsWith("/nologin") || shell.endsWith("/false");
            String spelled = SUDOERS_NAME.matcher(fields[0]).matches() ? fields[0] : "#" + uid;
            if (system && !excluded.contains(spelled)) {
                excluded.add(spelled);
            }
        }
        return excluded;
    }
}
