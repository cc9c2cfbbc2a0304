package io.moonlight.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a command is run as the session's user, by who moonlight runs as. */
class UserSwitchTest {
    private static final List<String> SBATCH = List.of("sbatch", "--parsable", "/scratch/job.sbatch");

    @Test
    void rootUsesRunuser() {
        assertEquals(List.of("runuser", "-u", "alice", "--", "sbatch", "--parsable", "/scratch/job.sbatch"),
                new UserSwitch("root").argv("alice", SBATCH));
    }

    @Test
    void aServiceAccountUsesSudoWithoutPrompting() {
        assertEquals(List.of("sudo", "-n", "-u", "alice", "--", "sbatch", "--parsable", "/scratch/job.sbatch"),
                new UserSwitch("moonlight").argv("alice", SBATCH));
    }

    @Test
    void theUserThemselvesNeedsNoSwitch() {
        assertEquals(SBATCH, new UserSwitch("alice").argv("alice", SBATCH));
    }
}
