package io.moonlight.core.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Sunshine injects keyboard and mouse input only through /dev/uinput. */
public final class UinputCheck implements Check {
    private final Path device;

    public UinputCheck(Path device) {
        this.device = device;
    }

    @Override
    public String name() {
        return "uinput";
    }

    @Override
    public List<CheckResult> run() {
        if (!Files.exists(device)) {
            return List.of(CheckResult.warn(name(), device + " is missing: Sunshine clients get video but no input",
                    "modprobe uinput, and add 'uinput' to /etc/modules-load.d/ on viz nodes"));
        }
        if (!Files.isWritable(device)) {
            return List.of(CheckResult.warn(name(), device + " is not writable by this user",
                    "add a udev rule giving session users access, e.g. KERNEL==\"uinput\", GROUP=\"input\", MODE=\"0660\""));
        }
        return List.of(CheckResult.pass(name(), device + " writable"));
    }
}
