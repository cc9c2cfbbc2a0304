package io.moonlight.cli.doctor;

import io.moonlight.agent.check.AgentCheck;
import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.doctor.CheckResult;
import io.moonlight.core.doctor.Doctor;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code moonlight doctor}: one PASS/WARN/FAIL line per check, with a hint for what is not right. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check this host and the service: Slurm, QoS, store, nginx, sysctl, Apptainer, GPU, "
                + "uinput, coturn, gateway, and what the browser's agent needs on a node. Exit 1 when any check fails.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        List<CheckResult> results = Doctor.standard(cli.config(), cli.runner()).with(new AgentCheck(cli.runner())).run();
        if (json.enabled()) {
            cli.out().json(results);
        } else {
            int width = results.stream().mapToInt(r -> r.check().length()).max().orElse(0);
            for (CheckResult result : results) {
                String hint = result.hint().isEmpty() ? "" : "  -> " + result.hint();
                cli.out().result(status(result.status()) + "  " + String.format("%-" + width + "s", result.check())
                        + "  " + result.summary() + hint);
            }
        }
        return Doctor.anyFailed(results) ? ExitCode.ERROR.code() : ExitCode.OK.code();
    }

    private String status(CheckResult.Status status) {
        return switch (status) {
            case PASS -> cli.out().colour("@|green PASS|@");
            case WARN -> cli.out().colour("@|yellow WARN|@");
            case FAIL -> cli.out().colour("@|red,bold FAIL|@");
        };
    }
}
