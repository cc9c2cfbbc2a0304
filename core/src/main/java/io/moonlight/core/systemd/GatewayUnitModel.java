package io.moonlight.core.systemd;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Names;
import java.util.List;

/**
 * What the gateway's systemd unit says: the unprivileged account it runs as, the launcher it starts,
 * the configuration file it reads, the only paths it may write (the state directory, the SQLite
 * database's directory and the session root, where it makes session directories as their users)
 * the search path of the programs it runs, and the state directory, where SQLite's native library
 * is unpacked (a /tmp mounted noexec could not load it).
 */
public record GatewayUnitModel(String user, String launcher, String configFile, List<String> readWritePaths,
        String path, String stateDir) {
    public GatewayUnitModel {
        Names.user(user);
        if ("root".equals(user)) {
            throw MoonlightException.badInput("the gateway must not run as root",
                    "give an unprivileged service account, e.g. --user moonlight");
        }
        plainPath("--launcher", launcher);
        plainPath("the configuration file", configFile);
        readWritePaths = List.copyOf(readWritePaths);
        readWritePaths.forEach(p -> plainPath("a writable path", p));
        new SearchPath(List.of(path.split(":")));
        plainPath("paths.state_dir", stateDir);
    }

    /** systemd splits unit values at white space and expands '%' and '$': such paths are refused, not quoted. */
    static void plainPath(String what, String path) {
        if (path == null || !path.matches("/[A-Za-z0-9._/+-]*")) {
            throw MoonlightException.badInput(what + " '" + path + "' is not a plain absolute path",
                    "use a path from / with letters, digits and . _ - + only");
        }
    }
}
