package io.moonlight.core.doctor;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.nginx.ManagedBlock;
import io.moonlight.core.nginx.ManagedBlocks;
import io.moonlight.core.nginx.NginxCommands;
import io.moonlight.core.nginx.NginxInstaller;
import io.moonlight.core.nginx.NginxRequest;
import io.moonlight.core.template.TemplateRenderer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * nginx: {@code nginx -t} on the main configuration, and moonlight's blocks in the portal's file,
 * present, not edited by hand and as {@code install nginx} would write them now.
 */
public final class NginxCheck implements Check {
    private static final String BLOCKS = "nginx blocks";
    private final CommandRunner runner;
    private final HostFiles files;
    private final TemplateRenderer renderer;
    private final NginxRequest request;

    public NginxCheck(CommandRunner runner, HostFiles files, TemplateRenderer renderer, NginxRequest request) {
        this.runner = runner;
        this.files = files;
        this.renderer = renderer;
        this.request = request;
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public List<CheckResult> run() {
        NginxCommands nginx = new NginxCommands(runner, request.binary(), request.mainConf());
        ExecResult test;
        try {
            test = runner.run(nginx.testCommand());
        } catch (MoonlightException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            return List.of(CheckResult.warn(name(), "'" + request.binary() + "' not found: expected on a viz node",
                    "run 'moonlight doctor' on the portal host, or set nginx.binary"));
        }
        if (!test.succeeded()) {
            return List.of(CheckResult.fail(name(), "'" + nginx.testCommand().display() + "' fails: "
                    + NginxCommands.message(test), "fix what nginx reports, then reload nginx"));
        }
        CheckResult blocks;
        try {
            blocks = blocks();
        } catch (MoonlightException e) {
            blocks = CheckResult.fail(BLOCKS, e.getMessage(), e.hint().orElse(""));
        }
        return List.of(CheckResult.pass(name(), "'" + nginx.testCommand().display() + "' passes"), blocks);
    }

    private CheckResult blocks() {
        String conf = request.conf();
        Optional<String> text = files.read(conf);
        if (text.isEmpty()) {
            return CheckResult.fail(BLOCKS, conf + " does not exist", "set nginx.conf to the portal's nginx file");
        }
        ManagedBlocks.Scan scan = ManagedBlocks.scan(text.get(), conf, NginxInstaller.BLOCK_NAMES);
        if (scan.blocks().isEmpty()) {
            return CheckResult.warn(BLOCKS, "no moonlight blocks in " + conf + ": browsers cannot reach the gateway",
                    "moonlight install nginx --reload");
        }
        if (!scan.edited().isEmpty()) {
            return CheckResult.warn(BLOCKS, conf + ": block(s) " + scan.edited().stream().map(ManagedBlock::name)
                            .collect(Collectors.joining(", ")) + " edited by hand",
                    "move the changes out of the block; 'moonlight install nginx --force' writes it anew (with a backup)");
        }
        if (wouldChange()) {
            return CheckResult.warn(BLOCKS, "the blocks in " + conf + " differ from what 'install nginx' writes now",
                    "see the difference with 'moonlight install nginx --dry-run', then run it without --dry-run");
        }
        return CheckResult.pass(BLOCKS, conf + " has moonlight's blocks, up to date");
    }

    private boolean wouldChange() {
        DryRunPlan plan = new DryRunPlan();
        NginxInstaller dryRun = new NginxInstaller(plan.runner(runner),
                new FileInstaller(files, Clock.systemUTC(), plan), renderer, plan);
        return dryRun.install(request).get(0).status() == ChangeStatus.WOULD_CHANGE;
    }
}
