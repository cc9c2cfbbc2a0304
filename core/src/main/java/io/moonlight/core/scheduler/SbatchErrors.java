package io.moonlight.core.scheduler;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SlurmConfig;
import io.moonlight.core.exec.ExecResult;

/** sbatch's refusals in words that say what to change: its own texts never name GPUs or the config key. */
final class SbatchErrors {
    private SbatchErrors() {
    }

    static MoonlightException explain(ExecResult result, String user, SlurmConfig slurm) {
        String text = result.stderr() + result.stdout();
        if (text.contains("Invalid generic resource (gres) specification")) {
            return MoonlightException.failed("partition " + slurm.partition() + " has no GPUs matching slurm.gres '"
                    + slurm.gres() + "' (sbatch: invalid generic resource)",
                    "set slurm.gres to what the nodes offer ('sinfo -p " + slurm.partition()
                            + " -o %G'), or to \"\" for nodes without GPUs");
        }
        if (text.contains("Invalid qos specification")) {
            return MoonlightException.failed("user " + user + " may not use QoS " + slurm.qos(),
                    "grant it: 'moonlight install qos --grant-to-user " + user + "'");
        }
        if (text.contains("Invalid account or account/partition combination")) {
            return MoonlightException.failed("user " + user + " has no Slurm account that may use partition "
                    + slurm.partition(), "add one: 'sacctmgr add user " + user + " account=ACCOUNT'");
        }
        if (text.contains("invalid partition specified")) {
            return MoonlightException.failed("Slurm has no partition " + slurm.partition() + " (slurm.partition)",
                    "set slurm.partition to a partition 'sinfo' lists");
        }
        if (text.contains("a password is required") || text.contains("sudo:")) {
            return MoonlightException.failed("cannot submit as " + user + ": " + result.complaint(),
                    "'moonlight install gateway-service' allows this account (sudoers.d/moonlight-gateway); run it again "
                            + "after changing paths.session_root, and check that " + user + " is no system account");
        }
        return MoonlightException.failed("sbatch refused the session job: " + result.complaint(),
                "check the partition, QoS and limits in the configuration against 'sacctmgr show qos'");
    }
}
