package io.moonlight.core.testbed;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;

/**
 * Real Unix accounts for tests that play several local users (a session's owner, an attacker):
 * made with {@code useradd} when missing (no home directory, shell /bin/sh), kept for later runs.
 * Each test class uses names of its own, so classes running at the same time never share one.
 */
public final class LocalUsers {
    private static final ProcessCommandRunner LOCAL = new ProcessCommandRunner();

    private LocalUsers() {
    }

    /** Makes the user exist and returns its uid. */
    public static int ensure(String name) {
        if (!LOCAL.run(ExternalCommand.of("id", "-u", name).asReadOnly()).succeeded()) {
            LOCAL.run(ExternalCommand.of("useradd", "--no-create-home", "--shell", "/bin/sh", name))
                    .orFail("useradd " + name, null);
        }
        return uid(name);
    }

    public static int uid(String name) {
        return Integer.parseInt(LOCAL.run(ExternalCommand.of("id", "-u", name).asReadOnly())
                .orFail("id -u " + name, null).stdout().strip());
    }
}
