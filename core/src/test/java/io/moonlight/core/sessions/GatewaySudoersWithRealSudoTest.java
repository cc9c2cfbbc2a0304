package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.scheduler.JobRequest;
import io.moonlight.core.scheduler.SlurmScheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.systemd.GatewayServiceInstaller;
import io.moonlight.core.systemd.SearchPath;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testbed.SlurmTestbed;
import io.moonlight.core.testbed.SlurmTestbedExtension;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drop-in {@code install gateway-service} writes, used by the real sudo: the gateway's own code
 * (session files, the Slurm scheduler) runs as the service account {@value #SERVICE} and acts as
 * the session's user through {@code sudo -n -u}, and what the drop-in does not allow is refused.
 * The drop-in is seen only inside private mount namespaces (a bind mount over /etc/sudoers.d), so
 * the host's sudo configuration never changes.
 */
@ExtendWith(SlurmTestbedExtension.class)
@ServiceTest
class GatewaySudoersWithRealSudoTest {
    private static final String SERVICE = "mlgw";
    private static final String USER = SessionTestbed.USER;

    private final SlurmTestbed testbed;
    private Path sessionRoot;
    private Path dropIns;
    private CommandRunner asService;
    private SessionPaths paths;

    GatewaySudoersWithRealSudoTest(SlurmTestbed testbed) {
        this.testbed = testbed;
    }

    @BeforeEach
    void installTheDropIn() throws IOException {
        SessionTestbed.ensure(testbed);
        ProcessCommandRunner local = new ProcessCommandRunner();
        if (!local.run(ExternalCommand.of("id", "-u", SERVICE).asReadOnly()).succeeded()) {
            local.run(ExternalCommand.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    SERVICE)).orFail("useradd " + SERVICE, null);
        }
        // Like /scratch: every user makes their own directory in it.
        sessionRoot = Files.createTempDirectory(Path.of("/var/tmp"), "ml-sudoers-root-");
        local.run(ExternalCommand.of("chmod", "1777", sessionRoot.toString())).orFail("chmod 1777", null);
        MoonlightConfig config = ConfigLoader.parse("t.yaml", "paths:\n  session_root: " + sessionRoot + "\n");
        String rules = new GatewayServiceInstaller(TemplateRenderer.shipped()).render(GatewayServiceInstaller
                .sudoersModel(config, SERVICE, SearchPath.STANDARD, "/", new LocalHostFiles()));

        dropIns = Files.createTempDirectory(Path.of("/var/tmp"), "ml-sudoers.d-");
        dropIn("moonlight-gateway", rules);
        // The testbed's slurm.conf is not at Slurm's default place; production needs no such rule.
        dropIn("testbed", "Defaults:" + SERVICE + " env_keep += \"SLURM_CONF\"\n");
        asService = new ServiceAccountRunner(testbed.runner(), dropIns);
        paths = SessionPaths.of(config.paths(), USER, "ml-" + USER + "-20261125120000-abcdef");
    }

    @AfterEach
    void removeTheScratch() throws IOException {
        SessionTestbed.cancelJobsUnder(testbed, sessionRoot);
        for (Path dir : Stream.of(sessionRoot, dropIns).filter(d -> d != null).toList()) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void theGatewaysCommandsRunAsTheSessionsUser() throws Exception {
        SessionFiles files = new SessionFiles(asService, new UserSwitch(SERVICE));
        files.createPrivateDirectories(USER, List.of(paths.dir().getParent(), paths.dir(), paths.logDir()));
        assertEquals(USER, Files.getOwner(paths.dir(), LinkOption.NOFOLLOW_LINKS).getName());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.dir())));
        assertTrue(Files.isDirectory(paths.logDir()));

        files.write(USER, paths.tokenFile(), "secret\n");
        assertEquals("secret\n", Files.readString(paths.tokenFile()));
        assertEquals(USER, Files.getOwner(paths.tokenFile()).getName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.tokenFile())));
        assertEquals("secret\n", files.read(USER, paths.tokenFile()).orElseThrow());
        assertTrue(files.read(USER, paths.jobLog()).isEmpty());
        List<String> followed = new ArrayList<>();
        // Following ends only by its time limit (or an interrupt).
        assertThrows(MoonlightException.class,
                () -> files.follow(USER, paths.tokenFile(), Duration.ofSeconds(1), followed::add));
        assertEquals("secret", followed.get(0), followed.toString());

        SlurmScheduler slurm = new SlurmScheduler(asService, SessionTestbed.config(""), new UserSwitch(SERVICE));
        String job = slurm.submit(new JobRequest(USER, "#!/bin/bash\nsleep 600\n", paths.dir(), paths.jobLog(), Duration.ofHours(1)));
        assertEquals(List.of(job), SessionTestbed.jobsUnder(testbed, sessionRoot));
        assertTrue(testbed.runner().run(ExternalCommand.of("squeue", "-h", "-j", job, "-o", "%u|%j").asReadOnly())
                .stdout().contains(USER + "|moonlight-" + USER), "the job is the user's own");
        slurm.cancel(job, USER);
        // scancel returns while the job may still be completing.
        Await.until("job " + job + " gone", Duration.ofSeconds(30), () -> SessionTestbed.jobsUnder(testbed, sessionRoot).isEmpty());

        files.remove(USER, paths);
        assertFalse(Files.exists(paths.dir()));
    }

    @Test
    void whatTheDropInDoesNotAllowIsRefused() throws IOException {
        new SessionFiles(asService, new UserSwitch(SERVICE)).createPrivateDirectories(USER,
                List.of(paths.dir().getParent(), paths.dir(), paths.logDir()));
        String cat = SearchPath.STANDARD.find("cat", "/", new LocalHostFiles()).orElseThrow();
        String sbatch = SearchPath.STANDARD.find("sbatch", "/", new LocalHostFiles()).orElseThrow();
        String inSession = paths.dir() + "/job.log";
        assertRefused(List.of("sudo", "-n", "-u", "root", "--", cat, "--", inSession));
        assertRefused(List.of("sudo", "-n", "-u", "#0", "--", cat, "--", inSession));
        assertRefused(List.of("sudo", "-n", "-u", "daemon", "--", cat, "--", inSession));
        // Debian's slurm account has uid 64030, above sessions.min_uid, but no login shell.
        assertRefused(List.of("sudo", "-n", "-u", "slurm", "--", cat, "--", inSession));
        assertRefused(List.of("sudo", "-n", "-u", USER, "--", cat, "--", "/etc/hostname"));
        assertRefused(List.of("sudo", "-n", "-u", USER, "--", "id"));
        assertRefused(List.of("sudo", "-n", "-u", USER, "--", sbatch, "--parsable", "--wrap=id"));
        assertRefused(List.of("sudo", "-n", "-u", USER, "-E", "--", cat, "--", inSession));

        // Outside the namespace the host's sudo knows nothing of the drop-in.
        ExecResult host = new ProcessCommandRunner().run(ExternalCommand.of("runuser", "-u", SERVICE, "--",
                "sudo", "-n", "-u", USER, "--", cat, "--", inSession));
        assertTrue(host.stderr().contains("a password is required"), host.stderr());
    }

    private void assertRefused(List<String> argv) {
        ExecResult result = asService.run(ExternalCommand.of(argv));
        assertFalse(result.succeeded(), String.join(" ", argv) + " was allowed");
        assertTrue(result.stderr().contains("sudo: a password is required")
                || result.stderr().contains("not allowed to preserve the environment"),
                String.join(" ", argv) + ": " + result.stderr());
    }

    private void dropIn(String name, String content) throws IOException {
        Path file = Files.writeString(dropIns.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
    }

    /**
     * Runs each command as the service account in a private mount namespace whose /etc/sudoers.d is
     * {@code dropIns}: {@code unshare --mount}, a bind mount, then {@code runuser}.
     */
    private record ServiceAccountRunner(CommandRunner runner, Path dropIns) implements CommandRunner {
        @Override
        public ExecResult run(ExternalCommand command) {
            List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                    "bash", "-c", "mount --bind \"$0\" /etc/sudoers.d && exec runuser -u " + SERVICE + " -- \"$@\"",
                    dropIns.toString()));
            argv.addAll(command.argv());
            return runner.run(new ExternalCommand(argv, command.env(), command.timeout(), command.stdin(),
                    command.workingDir(), command.readOnly(), command.outputListener(), command.secrets()));
        }

        @Override
        public String target() {
            return runner.target();
        }
    }
}
