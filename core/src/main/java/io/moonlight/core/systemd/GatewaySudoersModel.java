package io.moonlight.core.systemd;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Names;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the gateway's sudoers drop-in says: the service account, the search path sudo resolves its
 * commands on, the accounts it may never act as, the session files' pattern
 * ({@code <paths.session_root>/sunshine_*}) and the absolute path of each program the gateway runs
 * as a session's user (the session files through coreutils, the job through sbatch and scancel).
 */
public record GatewaySudoersModel(String serviceUser, String searchPath, List<String> excludedUsers,
        String sessionFiles, String mkdir, String install, String dd, String cat, String tail, String rm,
        String sbatch, String scancel) {
    private static final Pattern RUNAS = Pattern.compile("[a-z_][a-z0-9_.-]*|#\\d+");

    public GatewaySudoersModel {
        Names.user(serviceUser);
        if ("root".equals(serviceUser)) {
            throw MoonlightException.badInput("the gateway must not run as root",
                    "give an unprivileged service account, e.g. --user moonlight");
        }
        new SearchPath(List.of(searchPath.split(":")));
        excludedUsers = List.copyOf(excludedUsers);
        if (!excludedUsers.contains("root")) {
            throw new IllegalArgumentException("root must be among the excluded accounts");
        }
        for (String user : excludedUsers) {
            if (!RUNAS.matcher(user).matches()) {
                throw new IllegalArgumentException("not a sudoers user name: " + user);
            }
        }
        // Plain paths hold none of the characters sudoers wants escaped (, : = \ ! and parentheses).
        GatewayUnitModel.plainPath("the session files' pattern", sessionFiles.replace("*", ""));
        for (String program : List.of(mkdir, install, dd, cat, tail, rm, sbatch, scancel)) {
            GatewayUnitModel.plainPath("a program", program);
        }
    }
}
