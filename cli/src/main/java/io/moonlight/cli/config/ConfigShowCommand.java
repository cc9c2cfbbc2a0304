package io.moonlight.cli.config;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MaskedConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code moonlight config show}: the effective configuration, secrets masked. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (defaults applied, paths resolved, secrets masked) as "
                + "YAML, or as JSON with --json.")
public final class ConfigShowCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws Exception {
        var tree = MaskedConfig.of(cli.config());
        cli.out().info("# configuration: " + cli.configSource().describe());
        if (json.enabled()) {
            cli.out().json(tree);
        } else {
            cli.out().stdout().print(ConfigLoader.yamlMapper().writeValueAsString(tree));
            cli.out().stdout().flush();
        }
        return 0;
    }
}
