package io.moonlight.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run's plan changes nothing about the run; a dry run's plan holds what would have happened. */
class DryRunPlanTest {
    private final CommandRunner real = new ProcessCommandRunner();

    @Test
    void aRealRunRunsEveryCommandAndRecordsNothing(@TempDir Path dir) {
        Path made = dir.resolve("made");
        CommandRunner runner = DryRunPlan.NONE.runner(real);

        assertSame(real, runner);
        runner.run(ExternalCommand.of("touch", made.toString()));
        DryRunPlan.NONE.file("/etc/x", "x\n");
        assertTrue(Files.exists(made));
        assertFalse(DryRunPlan.NONE.isDryRun());
        assertEquals(List.of(), DryRunPlan.NONE.actions());
    }

    @Test
    void aDryRunRecordsTheChangingCommandsInsteadOfRunningThem(@TempDir Path dir) {
        Path made = dir.resolve("made");
        DryRunPlan plan = new DryRunPlan();

        plan.runner(real).run(ExternalCommand.of("touch", made.toString()));
        plan.file("/etc/x", "x\n");

        assertTrue(plan.isDryRun());
        assertFalse(Files.exists(made));
        assertEquals(List.of(new DryRunPlan.Action("run", "touch " + made, null),
                new DryRunPlan.Action("write", "/etc/x", "x\n")), plan.actions());
    }
}
