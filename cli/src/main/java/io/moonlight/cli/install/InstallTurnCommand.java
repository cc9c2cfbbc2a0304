package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.Output;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.InstallRootOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.turn.TurnInstaller;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install turn}: coturn's configuration and the secret it shares with the gateway. */
@Command(name = "turn", mixinStandardHelpOptions = true,
        description = {
            "Configure coturn (Debian's coturn) for browsers that cannot reach a viz node directly:",
            "  <root><turn.secret_file>: the secret coturn and the gateway share; made once and",
            "    kept on later runs; readable by gateway.service_user only (mode 0400)",
            "  <root><turn.config_file>: time-limited credentials from that secret, relaying only",
            "    to turn.allowed_peer_ranges, TLS with turn.certificate_file when given;",
            "    root:turnserver, mode 0640",
            "With turn.enabled, the gateway hands every browser and agent its own credentials."})
public final class InstallTurnCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private InstallRootOption root;

    @Option(names = "--check", description = "Change nothing: report whether both files are installed and current; "
            + "exit 3 when one is not.")
    private boolean check;

    @Mixin
    private DryRunOption dryRun;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        DryRunPlan plan = dryRun.plan();
        if (check && plan.isDryRun()) {
            throw MoonlightException.badInput("--check and --dry-run cannot be combined",
                    "--check changes nothing already");
        }
        TurnInstaller.Result result = new TurnInstaller(cli.renderer()).install(cli.config(), root.value(), check,
                cli.files(plan));
        cli.out().reports(result.steps(), plan, json.enabled());
        result.nextSteps().forEach(step -> cli.out().info("next: " + step));
        return Output.exitCodeOf(result.steps()).code();
    }
}
