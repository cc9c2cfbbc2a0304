package io.moonlight.core.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** coturn's configuration: ephemeral (TURN REST) credentials need use-auth-secret, a secret and a realm. */
public final class TurnCheck implements Check {
    private static final List<String> REQUIRED = List.of("use-auth-secret", "static-auth-secret", "realm");
    private final Path configFile;

    public TurnCheck(Path configFile) {
        this.configFile = configFile;
    }

    @Override
    public String name() {
        return "coturn";
    }

    @Override
    public List<CheckResult> run() {
        if (!Files.isRegularFile(configFile)) {
            return List.of(CheckResult.warn(name(), configFile + " not found: TURN relaying (not there yet) will "
                    + "need it for browsers that cannot reach a viz node directly", "install coturn on the head node, or set "
                    + "turn.config_file"));
        }
        Set<String> keys;
        try (var lines = Files.lines(configFile)) {
            keys = lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("[=\\s]", 2)[0])
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return List.of(CheckResult.fail(name(), "cannot read " + configFile, "check the file's permissions"));
        }
        List<String> missing = new ArrayList<>(REQUIRED);
        missing.removeAll(keys);
        if (!missing.isEmpty()) {
            return List.of(CheckResult.fail(name(), configFile + " lacks " + String.join(", ", missing),
                    "add them: TURN relaying (not there yet) will hand out time-limited credentials "
                            + "derived from the secret"));
        }
        return List.of(CheckResult.pass(name(), configFile + " has ephemeral credentials set up"));
    }
}
