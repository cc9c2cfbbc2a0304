package io.moonlight.core.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An external command as an argument list (never a shell string), with its environment, timeout,
 * standard input and whether it changes anything. Read-only commands still run under
 * {@code --dry-run}; commands that change state are only printed. Secrets (a password that a
 * program only takes as an argument) are masked wherever the command is shown.
 */
public record ExternalCommand(
        List<String> argv,
        Map<String, String> env,
        Duration timeout,
        String stdin,
        Path workingDir,
        boolean readOnly,
        Consumer<String> outputListener,
        Set<String> secrets) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String MASK = "********";

    public ExternalCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an external command needs at least the program");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        secrets = Set.copyOf(secrets);
    }

    /** A command that changes state, with the default timeout. */
    public static ExternalCommand of(String... argv) {
        return of(List.of(argv));
    }

    public static ExternalCommand of(List<String> argv) {
        return new ExternalCommand(argv, Map.of(), DEFAULT_TIMEOUT, null, null, false, null, Set.of());
    }

    /** A command that only reads: it runs under {@code --dry-run} too. */
    public ExternalCommand asReadOnly() {
        return new ExternalCommand(argv, env, timeout, stdin, workingDir, true, outputListener, secrets);
    }

    public ExternalCommand withTimeout(Duration newTimeout) {
        return new ExternalCommand(argv, env, newTimeout, stdin, workingDir, readOnly, outputListener, secrets);
    }

    public ExternalCommand withEnv(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.put(name, value);
        return new ExternalCommand(argv, merged, timeout, stdin, workingDir, readOnly, outputListener, secrets);
    }

    public ExternalCommand withStdin(String input) {
        return new ExternalCommand(argv, env, timeout, input, workingDir, readOnly, outputListener, secrets);
    }

    public ExternalCommand inDirectory(Path dir) {
        return new ExternalCommand(argv, env, timeout, stdin, dir, readOnly, outputListener, secrets);
    }

    /** Receives each line of standard output and standard error as it arrives (long builds). */
    public ExternalCommand onOutputLine(Consumer<String> listener) {
        return new ExternalCommand(argv, env, timeout, stdin, workingDir, readOnly, listener, secrets);
    }

    /** Shows {@code secret} as {@value #MASK} in {@link #display()}; the program still gets the real value. */
    public ExternalCommand withSecret(String secret) {
        Set<String> more = new HashSet<>(secrets);
        more.add(secret);
        return new ExternalCommand(argv, env, timeout, stdin, workingDir, readOnly, outputListener, more);
    }

    public String program() {
        return argv.get(0);
    }

    /** The command as a user would type it, quoted for a POSIX shell; for display only. */
    public String display() {
        String envPart = env.entrySet().stream()
                .map(e -> e.getKey() + "=" + shellQuote(masked(e.getValue())) + " ")
                .collect(Collectors.joining());
        return envPart + argv.stream().map(this::masked).map(ExternalCommand::shellQuote).collect(Collectors.joining(" "));
    }

    private String masked(String word) {
        String shown = word;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                shown = shown.replace(secret, MASK);
            }
        }
        return shown;
    }

    /** The word quoted for a POSIX shell, unchanged when it needs no quoting (remote command lines). */
    public static String shellQuote(String word) {
        if (!word.isEmpty() && SAFE_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return display();
    }
}
