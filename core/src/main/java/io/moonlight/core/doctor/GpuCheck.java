package io.moonlight.core.doctor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA GPUs through nvidia-smi, and NVENC through the presence of the host's libnvidia-encode,
 * which Apptainer's --nv binds into the image.
 */
public final class GpuCheck implements Check {
    private final CommandRunner runner;

    public GpuCheck(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        ExecResult smi;
        try {
            smi = runner.run(ExternalCommand.of("nvidia-smi", "--query-gpu=name,driver_version",
                    "--format=csv,noheader").asReadOnly());
        } catch (MoonlightException e) {
            results.add(CheckResult.warn(name(), "nvidia-smi not found: no NVIDIA driver on this host",
                    "expected on a head node; run 'moonlight doctor' on a viz node to check its GPUs"));
            return results;
        }
        if (!smi.succeeded() || smi.stdout().isBlank()) {
            results.add(CheckResult.fail(name(), "nvidia-smi: " + smi.complaint(),
                    "check the NVIDIA driver (dmesg, nvidia-smi) on this node"));
            return results;
        }
        smi.stdout().lines().forEach(gpu -> results.add(CheckResult.pass(name(), gpu.strip())));
        ExecResult libs = runner.run(ExternalCommand.of("ldconfig", "-p").asReadOnly());
        results.add(libs.stdout().contains("libnvidia-encode.so")
                ? CheckResult.pass("nvenc", "libnvidia-encode present")
                : CheckResult.fail("nvenc", "libnvidia-encode.so not found in the linker cache",
                        "install the driver's encode library (e.g. libnvidia-encode-NNN) on this node"));
        return results;
    }
}
