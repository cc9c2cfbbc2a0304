package io.moonlight.core.nginx;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.nginx.ManagedBlocks.Insertion;
import io.moonlight.core.nginx.ManagedBlocks.Scan;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts moonlight's managed blocks into the portal's nginx file and takes them out again: the
 * upstreams (and the {@code $connection_upgrade} map when nginx has none) at the file's top level,
 * the locations inside its HTTPS server. Everything outside the blocks keeps its bytes. The file
 * goes through {@link FileInstaller} with {@code nginx -t} as the validator.
 */
public final class NginxInstaller {
    public static final String UPSTREAMS = "upstreams";
    public static final String LOCATIONS = "locations";
    public static final Set<String> BLOCK_NAMES = Set.of(UPSTREAMS, LOCATIONS);
    private static final String STEP = "nginx";

    private final CommandRunner runner;
    private final FileInstaller installer;
    private final TemplateRenderer renderer;
    private final DryRunPlan dryRun;

    /** @param dryRun the plan {@code runner} and {@code installer} record into ({@link DryRunPlan#NONE}: a real run) */
    public NginxInstaller(CommandRunner runner, FileInstaller installer, TemplateRenderer renderer, DryRunPlan dryRun) {
        this.runner = runner;
        this.installer = installer;
        this.renderer = renderer;
        this.dryRun = dryRun;
    }

    /** The blocks exactly as {@link #install} would write them, after the same checks; changes nothing. */
    public String preview(NginxRequest request) {
        return prepare(request).blocks();
    }

    public List<StepReport> install(NginxRequest request) {
        Prepared prepared = prepare(request);
        NginxCommands nginx = nginx(request);
        List<StepReport> reports = new ArrayList<>();
        reports.add(write(prepared.file(), prepared.text(), nginx, List.of()));
        if (request.reload()) {
            reports.add(reload(nginx));
        }
        return reports;
    }

    /** Takes the managed blocks out, which gives back the file as it was before {@link #install}. */
    public List<StepReport> uninstall(NginxRequest request) {
        String file = realPath(request.conf());
        Scan scan = ManagedBlocks.scan(read(request.conf(), file), file, BLOCK_NAMES);
        NginxCommands nginx = nginx(request);
        List<StepReport> reports = new ArrayList<>();
        if (scan.blocks().isEmpty()) {
            reports.add(StepReport.of(STEP, file, ChangeStatus.UNCHANGED, "no moonlight blocks in the file"));
        } else {
            // A configuration that fails now may fail because of the blocks: taking them out is still allowed.
            ExecResult dump = nginx.dump();
            if (dump.succeeded()) {
                refuseBackupsNginxWouldRead(NginxDump.of(dump.stdout()), file, nginx);
            }
            List<String> details = scan.edited().stream()
                    .map(b -> "block '" + b.name() + "' had been edited by hand: its text is in the backup")
                    .toList();
            reports.add(write(file, scan.base(), nginx, details));
        }
        if (request.reload()) {
            reports.add(reload(nginx));
        }
        return reports;
    }

    /** The file to write (the real one behind any symbolic link), its new text, and the blocks alone. */
    private record Prepared(String file, String text, String blocks) {
    }

    /** Every check and the new text, before anything changes. */
    private Prepared prepare(NginxRequest request) {
        String file = realPath(request.conf());
        Scan scan = ManagedBlocks.scan(read(request.conf(), file), file, BLOCK_NAMES);
        if (!request.force() && !scan.edited().isEmpty()) {
            throw MoonlightException.badInput(file + ": the moonlight block(s) " + scan.edited().stream()
                            .map(b -> "'" + b.name() + "' (line " + b.line() + ")").collect(Collectors.joining(", "))
                            + " were edited by hand (checksum mismatch); nothing was changed",
                    "move your changes outside the block, or add --force to replace it (the old file is backed up)");
        }
        PortalFile portal = PortalFile.parse(scan.base(), file);
        NginxDirective server = portal.httpsServer(request.serverName());
        NginxCommands nginx = nginx(request);
        NginxDump dump = dumpBeforeChange(nginx);
        String listedAs = listedName(dump, request.conf(), file, nginx);
        refuseBackupsNginxWouldRead(dump, file, nginx);
        NginxBlocksModel model = NginxBlocksModel.of(request.gateways(),
                !dump.definesConnectionUpgrade(listedAs, BLOCK_NAMES));
        String unit = portal.indentUnit(server);
        String newline = ManagedBlocks.newline(scan.base());
        String upstreams = ManagedBlocks.wrap(UPSTREAMS, renderer.render("templates/nginx/upstreams.conf.ftl", model),
                "", unit, newline);
        String locations = ManagedBlocks.wrap(LOCATIONS, renderer.render("templates/nginx/locations.conf.ftl", model),
                portal.indentInside(server), unit, newline);
        String text = ManagedBlocks.insert(scan.base(), List.of(
                new Insertion(portal.topOffset(previousOffset(scan, UPSTREAMS)), upstreams),
                new Insertion(portal.locationsOffset(server, previousOffset(scan, LOCATIONS)), locations)));
        return new Prepared(file, text, upstreams + locations);
    }

    private StepReport write(String conf, String text, NginxCommands nginx, List<String> details) {
        String mode = installer.files().mode(conf).orElse("644");
        StepReport report = installer.install(STEP, conf, text, mode, nginx::test);
        if (report.status() == ChangeStatus.WOULD_CHANGE) {
            dryRun.command(runner.target(), nginx.testCommand());
        }
        if (details.isEmpty()) {
            return report;
        }
        List<String> all = new ArrayList<>(report.details());
        all.addAll(details);
        return new StepReport(report.step(), report.target(), report.status(), all);
    }

    /** Reloads nginx; a failure is reported, not thrown, since the file step before it did happen. */
    private StepReport reload(NginxCommands nginx) {
        try {
            nginx.reload();
        } catch (MoonlightException e) {
            return StepReport.of("nginx-reload", nginx.mainConf().toString(), ChangeStatus.FAILED,
                    e.getMessage() + e.hint().map(h -> " (hint: " + h + ")").orElse(""));
        }
        return StepReport.of("nginx-reload", nginx.mainConf().toString(),
                installer.isDryRun() ? ChangeStatus.WOULD_CHANGE : ChangeStatus.CHANGED);
    }

    /** The configuration as {@code nginx -T} dumps it; it must pass {@code nginx -t} before moonlight touches it. */
    private NginxDump dumpBeforeChange(NginxCommands nginx) {
        ExecResult dump = nginx.dump();
        if (!dump.succeeded()) {
            throw MoonlightException.failed("the nginx configuration " + nginx.mainConf()
                            + " already fails 'nginx -t', before any change: " + NginxCommands.message(dump),
                    "fix it first; moonlight changed nothing");
        }
        return NginxDump.of(dump.stdout());
    }

    /**
     * The name under which nginx reads the file ({@code conf} itself, or a link to {@code file}):
     * a file nginx does not read would make the {@code nginx -t} check meaningless.
     */
    private String listedName(NginxDump dump, String conf, String file, NginxCommands nginx) {
        List<String> listed = dump.files();
        if (listed.contains(conf) || listed.contains(file)) {
            return listed.contains(conf) ? conf : file;
        }
        List<String> argv = new ArrayList<>(List.of("readlink", "-f", "--"));
        argv.addAll(listed);
        List<String> resolved = runner.run(ExternalCommand.of(argv).asReadOnly()).stdout().lines().toList();
        for (int i = 0; i < resolved.size() && i < listed.size(); i++) {
            if (resolved.get(i).equals(file)) {
                return listed.get(i);
            }
        }
        throw MoonlightException.badInput(conf + " is not part of the nginx configuration " + nginx.mainConf(),
                "set nginx.main_conf to the main file that includes it, or --conf to a file nginx reads"
                        + " (see: nginx -T -c " + nginx.mainConf() + " | grep '^# configuration file')");
    }

    /** Backups land beside the file: an include such as {@code sites-enabled/*} would load them as configuration. */
    private static void refuseBackupsNginxWouldRead(NginxDump dump, String file, NginxCommands nginx) {
        String backup = file + ".moonlight-00000000-000000.bak";
        List<String> includes = dump.includesMatching(backup, nginx.mainConf().getParent());
        if (!includes.isEmpty()) {
            throw MoonlightException.badInput("nginx would also read the backups moonlight keeps beside " + file
                            + " ('include " + includes.get(0) + "' matches " + Path.of(backup).getFileName() + ")",
                    "narrow that include to the real files (e.g. *.conf), or keep the portal's file where no"
                            + " include reads every file and link it from there");
        }
    }

    /** The file itself when {@code conf} is a symbolic link (sites-enabled/), so that the link stays a link. */
    private String realPath(String conf) {
        ExecResult resolved = runner.run(ExternalCommand.of("readlink", "-f", "--", conf).asReadOnly());
        String path = resolved.stdout().strip();
        return resolved.succeeded() && !path.isEmpty() ? path : conf;
    }

    private static Optional<Integer> previousOffset(Scan scan, String name) {
        return scan.blocks().stream().filter(b -> b.name().equals(name)).map(ManagedBlock::baseOffset).findFirst();
    }

    private String read(String conf, String file) {
        return installer.files().read(file).orElseThrow(() -> MoonlightException.badInput(conf + " does not exist",
                "point --conf (nginx.conf) at the portal's nginx file with the 'listen 443' server"));
    }

    private NginxCommands nginx(NginxRequest request) {
        return new NginxCommands(runner, request.binary(), request.mainConf());
    }
}
