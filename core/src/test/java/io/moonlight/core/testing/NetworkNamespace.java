package io.moonlight.core.testing;

import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A throwaway network namespace ({@code ip netns add}), deleted on close. Test-only; needs root. */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    public static NetworkNamespace create() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "moonlight-test-" + HexFormat.of().formatHex(random);
        ip("netns", "add", name);
        return new NetworkNamespace(name);
    }

    public String name() {
        return name;
    }

    public NetnsCommandRunner runner() {
        return new NetnsCommandRunner(name);
    }

    /** Sets a key inside the namespace, to give a test a known starting point. */
    public void set(String key, String value) {
        runner().run(ExternalCommand.of("sysctl", "-q", "-w", key + "=" + value)).orFail("sysctl -w " + key, null);
    }

    /** A key's value inside the namespace, as the kernel prints it. */
    public String get(String key) {
        return runner().run(ExternalCommand.of("sysctl", "-n", key).asReadOnly()).orFail("sysctl -n " + key, null)
                .stdout().strip();
    }

    @Override
    public void close() {
        ip("netns", "delete", name);
    }

    private static void ip(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "ip";
        System.arraycopy(args, 0, argv, 1, args.length);
        ExecResult result = new ProcessCommandRunner().run(ExternalCommand.of(argv));
        result.orFail("ip " + String.join(" ", args), "the tests need root and iproute2");
    }
}
