package io.moonlight.cli;

import io.moonlight.core.config.ConfigSource;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.template.TemplateRenderer;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Mixed into every leaf command: the shared options' values and the core objects a command hands
 * to a service (configuration, runner, file installer, renderer, output).
 */
@Command
public final class Cli {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private Output output;

    public MoonlightCommand root() {
        return (MoonlightCommand) spec.root().userObject();
    }

    public ConfigSource configSource() {
        return root().config();
    }

    public MoonlightConfig config() {
        return configSource().config();
    }

    public Output out() {
        if (output == null) {
            output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), Output.colourWanted());
        }
        return output;
    }

    public Clock clock() {
        return Clock.systemDefaultZone();
    }

    /** The runner for local commands. */
    public CommandRunner runner() {
        return new ProcessCommandRunner();
    }

    /** The runner for local commands: the real one, or one recording into {@code plan} under --dry-run. */
    public CommandRunner runner(DryRunPlan plan) {
        return plan.runner(runner());
    }

    /**
     * Lines drawn in place on stderr for long work, when it is a terminal ({@link Output#live}) and
     * the result is not JSON; empty otherwise, and the command prints progress line by line.
     */
    public Optional<LiveLines> liveLines(boolean json) {
        if (json || !out().live()) {
            return Optional.empty();
        }
        return Optional.of(new LiveLines(spec.commandLine().getErr(), LiveLines.terminalWidth(runner(null))));
    }

    public FileInstaller files(DryRunPlan plan) {
        return new FileInstaller(new LocalHostFiles(), clock(), plan);
    }

    public TemplateRenderer renderer() {
        return new TemplateRenderer(config().paths().siteDir());
    }

    public boolean verbose() {
        return root().verbose();
    }
}
