package io.moonlight.cli.session;

import java.util.Optional;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.Lease;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.gateway.Gateway;
import io.moonlight.gateway.GatewayOptions;
import io.moonlight.gateway.GatewayServer;
import java.io.File;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A site for whole sessions on this host: a configuration (session root, SQLite store, runtime host
 * with Xvfb, xeyes as the desktop and FakeSunshine, since Sunshine needs a GPU), the gateway on a free
 * port over the store, and the moonlight command as an operator and as the job run it. The job runs as
 * {@link SessionTestbed#USER}, so everything it reads is made readable to that user.
 */
final class SupervisedSite implements AutoCloseable {
    static final String USER = SessionTestbed.USER;
    /** Below the ephemeral port range (32768-60999), so no outgoing connection holds one of its ports. */
    static final int BASE_PORT = 29989;
    static final int DISPLAY = 10;
    /** The site's own lines for sessions on this host: the local scheduler, the job's launcher. */
    static final String LOCAL_SCHEDULER = String.join("\n",
            "slurm:",
            "  grace_seconds: 20",
            "sessions:",
            "  scheduler: local",
            "  launcher: LAUNCHER",
            "  ready_timeout_seconds: 60",
            "");

    private final Path dir;
    private final Path config;
    private final Map<String, String> env;
    private final SessionStore store;
    private final List<Consumer<Lease>> leaseWatchers = new CopyOnWriteArrayList<>();
    private GatewayServer gateway;

    private SupervisedSite(Path dir, Path config, Map<String, String> env, SessionStore store) {
        this.dir = dir;
        this.config = config;
        this.env = env;
        this.store = store;
        this.gateway = startGateway();
    }

    /**
     * Writes the configuration into {@code dir} with the site's own lines ({@code extraYaml}: top-level
     * sections other than paths, sunshine, store, gateway and supervisor) and starts the gateway; the
     * commands run with {@code env} added.
     */
    static SupervisedSite start(Path dir, String extraYaml, Map<String, String> env) throws IOException {
        return start(dir, "store:\n  sqlite_path: " + dir.resolve("moonlight.db"), extraYaml, env);
    }

    /** As {@link #start(Path, String, Map)}, over the store that {@code storeYaml} (the store section) names. */
    static SupervisedSite start(Path dir, String storeYaml, String extraYaml, Map<String, String> env)
            throws IOException {
        SessionTestbed.ensureUnixUser();
        Path scratch = UserDirs.scratch(dir);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("moonlight.yaml");
        Files.writeString(config, String.join("\n",
                "paths:",
                "  session_root: " + scratch,
                "  state_dir: " + dir.resolve("state"),
                "sunshine:",
                "  base_port: " + BASE_PORT,
                storeYaml,
                "gateway:",
                "  api_port: " + port,
                "  jwt:",
                "    hs256_secret: a-portal-secret-of-at-least-32-bytes!",
                "supervisor:",
                "  runtime: host",
                "  x_server: xvfb",
                "  desktop: [xeyes]",
                "  sunshine: [/usr/bin/python3, " + fakeSunshine(dir) + "]",
                "  display_timeout_seconds: 20",
                "  heartbeat_seconds: 1",
                extraYaml.replace("LAUNCHER", readableLauncher(dir).toString())));
        MoonlightConfig loaded = ConfigLoader.read(config);
        return new SupervisedSite(dir, config, env, StoreFactory.open(loaded.store(), loaded.sunshine(), Clock.systemUTC()));
    }

    private GatewayServer startGateway() {
        MoonlightConfig loaded = ConfigLoader.read(config);
        SessionStore watched = leaseWatching();
        return Gateway.start(loaded, GatewayOptions.of(loaded.gateway(), null, null, 0), watched,
                SiteSessionService.open(loaded, Optional.of(config), watched, new ProcessCommandRunner(), Clock.systemUTC(),
                        env),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    }

    /**
     * Runs {@code watcher} with every lease the gateway hands out, before the job hears of it: a test
     * acts between the node's display scan and the start of its X server.
     */
    void onLease(Consumer<Lease> watcher) {
        leaseWatchers.add(watcher);
    }

    /** The store as the gateway uses it: each lease claimed goes to the {@link #onLease} watchers first. */
    private SessionStore leaseWatching() {
        return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Lease lease && method.getName().equals("claimLease")) {
                        leaseWatchers.forEach(watcher -> watcher.accept(lease));
                    }
                    return result;
                });
    }

    /** Stops the gateway for {@code down} and starts it again on its port, as a restart of its service would. */
    void restartGateway(Duration down) throws InterruptedException {
        gateway.close();
        Thread.sleep(down.toMillis());
        gateway = startGateway();
    }

    /** The gateway's API: {@code http://127.0.0.1:PORT/api/moonlight}. */
    URI api() {
        return URI.create("http://127.0.0.1:" + gateway.port() + GatewayServer.BASE);
    }

    Path config() {
        return config;
    }

    SessionStore store() {
        return store;
    }

    Path jobLog(String id) {
        return dir.resolve("scratch/sunshine_" + USER + "/" + id + "/logs/job.log");
    }

    /** What a failed start printed and what its job logged, for an assertion's message. */
    String whyNotReady(ExecResult start) {
        String log;
        try {
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(start.stdout()).path("id").asText();
            log = Files.readString(jobLog(id));
        } catch (IOException | RuntimeException e) {
            log = "no job log: " + e;
        }
        return start.stdout() + start.stderr() + "--- job log\n" + log;
    }

    ExecResult moonlight(String... args) {
        return moonlight(config, args);
    }

    ExecResult moonlight(Path withConfig, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main", "--config", withConfig.toString()));
        argv.addAll(List.of(args));
        ExternalCommand command = ExternalCommand.of(argv).withTimeout(Duration.ofSeconds(120)).withEnv("NO_COLOR", "1");
        for (var e : env.entrySet()) {
            command = command.withEnv(e.getKey(), e.getValue());
        }
        return new ProcessCommandRunner().run(command);
    }

    /** Every process carrying the session's id in its environment, as the supervisor gives its children. */
    static List<ProcessHandle> sessionProcesses(String id) {
        byte[] marker = ("MOONLIGHT_SESSION_ID=" + id + "\0").getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return holds(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ")), marker);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }

    /** Whether one of the NUL-separated entries of {@code environ} starts with {@code entry}. */
    private static boolean holds(byte[] environ, byte[] entry) {
        for (int start = 0; start <= environ.length - entry.length; start++) {
            if (start > 0 && environ[start - 1] != 0) {
                continue;
            }
            int i = 0;
            while (i < entry.length && environ[start + i] == entry[i]) {
                i++;
            }
            if (i == entry.length) {
                return true;
            }
        }
        return false;
    }

    static String command(ProcessHandle p) {
        return p.info().command().orElse("");
    }

    /** The session's supervisor among its processes: the JVM running 'session run' (the agent is a JVM too). */
    static ProcessHandle supervisor(List<ProcessHandle> processes) {
        return processes.stream().filter(p -> command(p).endsWith("/java") && commandLine(p).contains("\0session\0run\0"))
                .findFirst().orElseThrow(() -> new AssertionError("no supervisor among " + describe(processes)));
    }

    /** The process's arguments, each ended by NUL, from /proc (ProcessHandle.Info may not have them). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + command(p) + " " + p.info().user().orElse("?")).toList()
                .toString();
    }

    static void signal(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("kill", "-s", signal));
        processes.forEach(p -> argv.add(String.valueOf(p.pid())));
        new ProcessCommandRunner().run(ExternalCommand.of(argv));
    }

    static boolean portTaken(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("0.0.0.0", port));
            return false;
        } catch (IOException taken) {
            return true;
        }
    }

    @Override
    public void close() {
        gateway.close();
        store.close();
    }

    /**
     * The moonlight command for the job, which runs as the user: this JVM's class path with every jar
     * copied where the user can read it (the build's repository is root's).
     */
    private static Path readableLauncher(Path dir) throws IOException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                Path copy = lib.resolve(classpath.size() + "-" + path.getFileName());
                Files.copy(path, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                classpath.add(copy.toString());
            } else if (Files.isDirectory(path)) {
                classpath.add(entry);
            }
        }
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = dir.resolve("moonlight");
        Files.writeString(launcher, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -cp " + String.join(File.pathSeparator, classpath) + " io.moonlight.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** FakeSunshine's script where the user can read it. */
    private static Path fakeSunshine(Path dir) throws IOException {
        Path script = dir.resolve("fake_sunshine.py");
        try (InputStream in = SupervisedSite.class.getResourceAsStream("/fake-sunshine/fake_sunshine.py")) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        return script;
    }
}
