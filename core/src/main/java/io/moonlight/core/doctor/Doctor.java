package io.moonlight.core.doctor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.slurm.SacctmgrClient;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.nginx.NginxRequest;
import io.moonlight.core.sysctl.SysctlInstaller;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.turn.TurnProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs every check; a check that throws becomes a FAIL line instead of stopping the others. */
public final class Doctor {
    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check, in the order an admin reads them: runtime, Slurm, store, node, network. */
    public static Doctor standard(MoonlightConfig config, CommandRunner runner) {
        return new Doctor(List.of(
                new JavaCheck(Runtime.version()),
                new SlurmCheck(runner, config.slurm()),
                new QosCheck(new SacctmgrClient(runner), config.slurm()),
                new StoreCheck(config.store()),
                new NginxCheck(runner, new LocalHostFiles(), new TemplateRenderer(config.paths().siteDir()),
                        NginxRequest.of(config, null, null, false, false)),
                new ApptainerCheck(runner, config),
                new GpuCheck(runner),
                new SunshinePortsCheck(runner, config.sunshine()),
                new UinputCheck(Path.of("/dev/uinput")),
                new SysctlCheck(runner, () -> SysctlInstaller.forSite(config.paths().siteDir(),
                        config.sunshine()), "/"),
                new TurnCheck(config.turn(), new TurnProbe(Duration.ofSeconds(1)), Clock.systemUTC()),
                GatewayCheck.of(config.gateway(), config.nginx())));
    }

    /** These checks and then {@code more} (checks the core cannot make, such as the agent's). */
    public Doctor with(Check... more) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(List.of(more));
        return new Doctor(all);
    }

    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            try {
                results.addAll(check.run());
            } catch (MoonlightException e) {
                results.add(CheckResult.fail(check.name(), e.getMessage(), e.hint().orElse("")));
            } catch (RuntimeException e) {
                results.add(CheckResult.fail(check.name(), "check crashed: " + e,
                        "run 'moonlight doctor --verbose' and report it"));
            }
        }
        return results;
    }

    public static boolean anyFailed(List<CheckResult> results) {
        return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL);
    }
}
