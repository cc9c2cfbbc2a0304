package io.moonlight.core.turn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scratch root for 'install turn': the gateway's account and coturn's group in its etc/passwd
 * and etc/group; and a turn section for a coturn on 127.0.0.1 at a given port.
 */
public final class TurnRoot {
    public static final int GATEWAY_UID = 4242;
    public static final int COTURN_GID = 4243;
    public static final int MIN_PORT = 45100;
    public static final int MAX_PORT = 45199;

    private TurnRoot() {
    }

    /** The root's etc/passwd with the gateway's account and etc/group with coturn's group. */
    public static void accounts(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "moonlight:x:" + GATEWAY_UID + ":" + GATEWAY_UID + "::/var/lib/moonlight:/usr/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nturnserver:x:" + COTURN_GID + ":\n");
    }

    public static String yaml(int port) {
        return "turn:\n  enabled: true\n  realm: moonlight.test\n  listening_ips: [127.0.0.1]\n"
                + "  relay_ips: [127.0.0.1]\n  port: " + port + "\n  min_port: " + MIN_PORT + "\n  max_port: "
                + MAX_PORT + "\n";
    }
}
