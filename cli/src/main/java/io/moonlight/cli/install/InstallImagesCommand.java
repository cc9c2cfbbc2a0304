package io.moonlight.cli.install;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.config.SshConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.RemoteHostFiles;
import io.moonlight.core.images.BuildProgress;
import io.moonlight.core.images.ImageInstallRequest;
import io.moonlight.core.images.ImageInstallResult;
import io.moonlight.core.images.ImageInstaller;
import io.moonlight.core.ssh.NodeAddress;
import io.moonlight.core.ssh.SshCommandRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight install images}: renders the Apptainer definitions and builds the desktop images. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = {
            "Render the Apptainer definitions of the desktop images and build them with 'apptainer build'.",
            "Each image is built into .<file>.building-XXXXXX beside the target and renamed over it only when"
                    + " the build succeeded; its definition is kept beside it as <definition>.def.",
            "Existing images are skipped unless --force. The images hold no NVIDIA driver: sessions run them"
                    + " with --nv."})
public final class InstallImagesCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--image", paramLabel = "ID",
            description = "An image to install (repeatable, or a comma list): xfce4, gnome, gnome-lsprepost, or any"
                    + " configured under 'images'.")
    private List<String> images;

    @Option(names = "--all", description = "Install every configured image.")
    private boolean all;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where the .sif and .def files go (default: paths.image_dir).")
    private Path outputDir;

    @Option(names = "--defs-only", description = "Write the definitions only; needs neither apptainer nor the packages.")
    private boolean defsOnly;

    @Option(names = "--force", description = "Rebuild images that exist.")
    private boolean force;

    @Mixin
    private DryRunOption dryRun;

    @Option(names = "--node", paramLabel = "HOST",
            description = "Build on HOST over SSH ([USER@]HOST[:PORT]; its key must be in ssh.known_hosts). Paths,"
                    + " packages and apptainer are then those of HOST.")
    private String node;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        DryRunPlan plan = dryRun.plan();
        if (node == null) {
            String directory = outputDir == null ? null : outputDir.toAbsolutePath().toString();
            return install(cli.runner(plan), cli.files(plan), plan, directory);
        }
        SshConfig ssh = cli.config().ssh();
        try (SshCommandRunner remote = SshCommandRunner.connect(NodeAddress.parse(node, ssh), ssh)) {
            CommandRunner runner = plan.runner(remote);
            FileInstaller files = new FileInstaller(new RemoteHostFiles(remote), cli.clock(), plan);
            return install(runner, files, plan, outputDir == null ? null : outputDir.toString());
        }
    }

    private int install(CommandRunner runner, FileInstaller files, DryRunPlan plan, String directory) {
        BuildProgress.Listener progress = cli.liveLines(json.enabled())
                .<BuildProgress.Listener>map(lines -> new LiveBuildProgress(lines, node == null ? "this host" : node,
                        cli.verbose()))
                .orElseGet(() -> new BuildProgressPrinter(cli.out(), cli.verbose()));
        ImageInstaller installer = new ImageInstaller(cli.config(), cli.renderer(), runner, files, cli.clock(),
                progress);
        ImageInstallResult result = installer.install(
                new ImageInstallRequest(images, all, directory, defsOnly, force));
        cli.out().reports(result.reports(), plan, json.enabled());
        return result.exitCode().code();
    }
}
