package io.moonlight.core.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunCommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link QosInstaller} against the real Slurm testbed: what sacctmgr shows afterwards is what counts. */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class QosInstallerTest {
    private static final String QOS = "mltest-qos";
    private static final String USER = SlurmTestbed.TEST_USER;
    private static final String ACCOUNT = SlurmTestbed.TEST_ACCOUNT;

    private final SlurmTestbed testbed;
    private final List<String> changes = new ArrayList<>();

    QosInstallerTest(SlurmTestbed testbed) {
        this.testbed = testbed;
    }

    @BeforeEach
    @AfterEach
    void cancelJobsAndDeleteTheQos() {
        // A QoS with active jobs cannot be deleted; a failed test may leave one pending.
        testbed.runner().run(ExternalCommand.of("scancel", "--user=" + USER));
        deleteQos(QOS);
    }

    @Test
    void installsFromNothingThenChangesNothing() {
        List<StepReport> first = installer().install(request(QOS, 60, "8:00:00", null));

        assertEquals(List.of(StepReport.of("qos", QOS, ChangeStatus.CHANGED,
                "added: GraceTime=60 MaxWall=8:00:00 Flags=DenyOnLimit")), first);
        assertEquals(QOS + "|00:01:00|08:00:00||DenyOnLimit\n", liveQos(QOS));

        changes.clear();
        List<StepReport> second = installer().install(request(QOS, 60, "8:00:00", null));

        assertEquals(List.of(StepReport.of("qos", QOS, ChangeStatus.UNCHANGED)), second);
        assertEquals(List.of(), changes, "a second run must not call sacctmgr to change anything");
    }

    @Test
    void changingOneValueModifiesOnlyThatValue() {
        installer().install(request(QOS, 60, "8:00:00", 4));
        changes.clear();

        List<StepReport> reports = installer().install(request(QOS, 120, "8:00:00", 4));

        assertEquals(List.of(StepReport.of("qos", QOS, ChangeStatus.CHANGED, "GraceTime 60 s -> 120 s")), reports);
        assertEquals(List.of("sacctmgr -i modify qos " + QOS + " set GraceTime=120"), changes);
        assertEquals(QOS + "|00:02:00|08:00:00|4|DenyOnLimit\n", liveQos(QOS));
    }

    @Test
    void addsDenyOnLimitAndKeepsTheOtherFlags() {
        testbed.sacctmgrChange("add", "qos", QOS, "GraceTime=60", "MaxWall=1-00:00:00", "Flags=NoDecay");

        List<StepReport> reports = installer().install(request(QOS, 60, "8:00:00", null));

        assertEquals(List.of(StepReport.of("qos", QOS, ChangeStatus.CHANGED,
                "MaxWall 1-00:00:00 -> 8:00:00", "Flags +DenyOnLimit")), reports);
        assertEquals(QOS + "|00:01:00|08:00:00||DenyOnLimit,NoDecay\n", liveQos(QOS));
    }

    @Test
    void dryRunReadsButChangesNothingAndListsTheCommands() {
        DryRunPlan plan = new DryRunPlan();
        QosInstaller dryRun = new QosInstaller(new SacctmgrClient(new DryRunCommandRunner(recording(), plan)), true);

        List<StepReport> reports = dryRun.install(new QosRequest(QOS, 60, SlurmDuration.parse("w", "8:00:00"), 2,
                List.of(ACCOUNT), List.of(USER)));

        assertEquals(List.of(
                        "sacctmgr -i add qos " + QOS + " GraceTime=60 MaxWall=8:00:00 MaxJobsPerUser=2 Flags=DenyOnLimit",
                        "sacctmgr -i modify account " + ACCOUNT + " set qos+=" + QOS,
                        "sacctmgr -i modify user " + USER + " set qos+=" + QOS),
                plan.actions().stream().map(DryRunPlan.Action::target).toList());
        assertTrue(reports.stream().allMatch(r -> r.status() == ChangeStatus.WOULD_CHANGE), reports.toString());
        assertEquals(List.of(), changes);
        assertEquals("", liveQos(QOS));
    }

    @Test
    void grantsToAUserOnceAndSbatchThenRefusesAnOverLongJobAtOnce() {
        deleteQos("moonlight");
        QosRequest request = new QosRequest("moonlight", 60, SlurmDuration.parse("w", "8:00:00"), null,
                List.of(), List.of(USER));

        List<StepReport> first = installer().install(request);
        assertEquals(StepReport.of("qos-grant", "user " + USER, ChangeStatus.CHANGED,
                "added moonlight to 1 of 1 association(s)"), first.get(1));
        assertTrue(testbed.sacctmgr("show", "assoc", "where", "user=" + USER, "format=QOS").contains("moonlight"));

        ExecResult tooLong = sbatch("09:00:00");
        assertEquals(1, tooLong.exitCode(), tooLong.stdout());
        assertTrue(tooLong.stderr().contains("Job violates accounting/QOS policy"), tooLong.stderr());
        assertTrue(tooLong.elapsed().compareTo(Duration.ofSeconds(5)) < 0, "refused at once, not left pending");

        ExecResult fits = sbatch("1:00:00");
        assertEquals(0, fits.exitCode(), fits.stderr());
        String jobId = fits.stdout().strip();
        assertTrue(jobId.matches("\\d+"), jobId);
        assertEquals(0, testbed.runner().run(ExternalCommand.of("scancel", jobId)).exitCode());

        assertEquals(StepReport.of("qos-grant", "user " + USER, ChangeStatus.UNCHANGED),
                installer().install(request).get(1));
    }

    @Test
    void unknownAccountIsBadInputAndNothingChanges() {
        QosRequest request = new QosRequest(QOS, 60, SlurmDuration.parse("w", "8:00:00"), null,
                List.of("mltest-no-such-account"), List.of(USER));

        MoonlightException e = assertThrows(MoonlightException.class, () -> installer().install(request));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("account 'mltest-no-such-account' does not exist in Slurm", e.getMessage());
        assertEquals("create it first: sacctmgr add account mltest-no-such-account", e.hint().orElseThrow());
        assertEquals(List.of(), changes);
        assertEquals("", liveQos(QOS));
    }

    @Test
    void unknownUserIsBadInputNamingSacctmgrAddUser() {
        QosRequest request = new QosRequest(QOS, 60, SlurmDuration.parse("w", "8:00:00"), null,
                List.of(), List.of("mltest-nobody"));

        MoonlightException e = assertThrows(MoonlightException.class, () -> installer().install(request));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.hint().orElseThrow().contains("sacctmgr add user mltest-nobody"), e.hint().orElseThrow());
        assertEquals("", liveQos(QOS));
    }

    @Test
    void unreachableSlurmdbdIsUnavailable(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("slurm.conf");
        Files.writeString(conf, Files.readString(testbed.slurmConf())
                .replaceAll("AccountingStoragePort=\\d+", "AccountingStoragePort=1"));
        CommandRunner elsewhere = testbed.runnerFor(conf);

        MoonlightException e = assertThrows(MoonlightException.class,
                () -> new QosInstaller(new SacctmgrClient(elsewhere), false).install(request(QOS, 60, "8:00:00", null)));

        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read Slurm's accounting data: "), e.getMessage());
    }

    private ExecResult sbatch(String time) {
        return testbed.runAs(USER, "sbatch", "--parsable", "--qos=moonlight", "--account=" + ACCOUNT,
                "--time=" + time, "--chdir=/tmp", "--output=/dev/null", "--wrap=sleep 300");
    }

    private QosRequest request(String name, int grace, String maxWall, Integer maxJobs) {
        return QosRequest.of(name, grace, maxWall, maxJobs, List.of(), List.of());
    }

    private QosInstaller installer() {
        return new QosInstaller(new SacctmgrClient(recording()), false);
    }

    /** The testbed's runner, noting every command that changes something. */
    private CommandRunner recording() {
        CommandRunner real = testbed.runner();
        return new CommandRunner() {
            @Override
            public ExecResult run(ExternalCommand command) {
                if (!command.readOnly()) {
                    changes.add(command.display());
                }
                return real.run(command);
            }

            @Override
            public String target() {
                return real.target();
            }
        };
    }

    private String liveQos(String name) {
        return testbed.sacctmgr("show", "qos", name, "format=Name,GraceTime,MaxWall,MaxJobsPU,Flags");
    }

    private void deleteQos(String name) {
        testbed.sacctmgrChange("delete", "qos", name);
    }
}
