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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Set<String> BLOCK_NAMES = Set.of(UPSTREAMS, LOCATIONS);
    private static final Pattern DUMPED_FILE = Pattern.compile("(?m)^# configuration file (.+):$");
    private static final String STEP = "nginx";

    private final CommandRunner runner;
    private final FileInstaller installer;
    private final TemplateRenderer renderer;
    private final DryRunPlan dryRun;

    /** @param dryRun the plan {@code runner} and {@code installer} record into, or {@code null} */
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
        reports.add(write(request.conf(), prepared.text(), nginx, List.of()));
        if (request.reload()) {
            reports.add(reload(nginx));
        }
        return reports;
    }

    /** Takes the managed blocks out, which gives back the file as it was before {@link #install}. */
    public List<StepReport> uninstall(NginxRequest request) {
        Scan scan = ManagedBlocks.scan(read(request.conf()), request.conf(), BLOCK_NAMES);
        NginxCommands nginx = nginx(request);
        List<StepReport> reports = new ArrayList<>();
        if (scan.blocks().isEmpty()) {
            reports.add(StepReport.of(STEP, request.conf(), ChangeStatus.UNCHANGED, "no moonlight blocks in the file"));
        } else {
            List<String> details = scan.edited().stream()
                    .map(b -> "block '" + b.name() + "' had been edited by hand: its text is in the backup")
                    .toList();
            reports.add(write(request.conf(), scan.base(), nginx, details));
        }
        if (request.reload()) {
            reports.add(reload(nginx));
        }
        return reports;
    }

    private record Prepared(String text, String blocks) {
    }

    /** Every check and the new text, before anything changes. */
    private Prepared prepare(NginxRequest request) {
        String conf = request.conf();
        Scan scan = ManagedBlocks.scan(read(conf), conf, BLOCK_NAMES);
        if (!request.force() && !scan.edited().isEmpty()) {
            throw MoonlightException.badInput(conf + ": the moonlight block(s) " + scan.edited().stream()
                            .map(b -> "'" + b.name() + "' (line " + b.line() + ")").collect(Collectors.joining(", "))
                            + " were edited by hand (checksum mismatch); nothing was changed",
                    "move your changes outside the block, or add --force to replace it (the old file is backed up)");
        }
        PortalFile portal = PortalFile.parse(scan.base(), conf);
        NginxDirective server = portal.httpsServer(request.serverName());
        String dump = dumpIncluding(nginx(request), conf);
        NginxBlocksModel model = NginxBlocksModel.of(request.upstreamHost(), request.apiPort(), request.signalingPort(),
                !definesConnectionUpgrade(ManagedBlocks.scan(dump, "nginx -T", BLOCK_NAMES).base()));
        String unit = portal.indentUnit(server);
        String upstreams = ManagedBlocks.wrap(UPSTREAMS, renderer.render("templates/nginx/upstreams.conf.ftl", model),
                "", unit);
        String locations = ManagedBlocks.wrap(LOCATIONS, renderer.render("templates/nginx/locations.conf.ftl", model),
                portal.indentInside(server), unit);
        String text = ManagedBlocks.insert(scan.base(), List.of(
                new Insertion(portal.topOffset(previousOffset(scan, UPSTREAMS)), upstreams),
                new Insertion(portal.locationsOffset(server, previousOffset(scan, LOCATIONS)), locations)));
        return new Prepared(text, upstreams + locations);
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
            return StepReport.of("nginx-reload", nginx.mainConf(), ChangeStatus.FAILED,
                    e.getMessage() + e.hint().map(h -> " (hint: " + h + ")").orElse(""));
        }
        return StepReport.of("nginx-reload", nginx.mainConf(),
                installer.isDryRun() ? ChangeStatus.WOULD_CHANGE : ChangeStatus.CHANGED);
    }

    /**
     * The output of {@code nginx -T}: the configuration must pass {@code nginx -t} before moonlight
     * touches it, and {@code conf} must be one of its files, or the test would not cover the change.
     */
    private String dumpIncluding(NginxCommands nginx, String conf) {
        ExecResult dump = nginx.dump();
        if (!dump.succeeded()) {
            throw MoonlightException.failed("the nginx configuration " + nginx.mainConf()
                            + " already fails 'nginx -t', before any change: " + NginxCommands.message(dump),
                    "fix it first; moonlight changed nothing");
        }
        List<String> files = new ArrayList<>();
        Matcher matcher = DUMPED_FILE.matcher(dump.stdout());
        while (matcher.find()) {
            files.add(matcher.group(1));
        }
        if (!files.contains(conf) && !includedThroughLink(conf, files)) {
            throw MoonlightException.badInput(conf + " is not part of the nginx configuration " + nginx.mainConf(),
                    "set nginx.main_conf to the main file that includes it, or --conf to a file nginx reads"
                            + " (see: nginx -T -c " + nginx.mainConf() + " | grep '^# configuration file')");
        }
        return dump.stdout();
    }

    /** Whether one of nginx's files is {@code conf} reached through a symbolic link (sites-enabled/). */
    private boolean includedThroughLink(String conf, List<String> files) {
        List<String> argv = new ArrayList<>(List.of("readlink", "-f", "--", conf));
        argv.addAll(files);
        List<String> resolved = runner.run(ExternalCommand.of(argv).asReadOnly()).stdout().lines().toList();
        return !resolved.isEmpty() && resolved.subList(1, resolved.size()).contains(resolved.get(0));
    }

    /** Whether some {@code map} anywhere defines {@code $connection_upgrade}. */
    static boolean definesConnectionUpgrade(String configuration) {
        return anyMap(NginxConfParser.parse(configuration, "nginx -T"));
    }

    private static boolean anyMap(List<NginxDirective> directives) {
        for (NginxDirective directive : directives) {
            if (directive.name().equals("map") && directive.args().size() == 2
                    && directive.args().get(1).equals("$connection_upgrade")) {
                return true;
            }
            if (directive.isBlock() && anyMap(directive.block())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Integer> previousOffset(Scan scan, String name) {
        return scan.blocks().stream().filter(b -> b.name().equals(name)).map(ManagedBlock::baseOffset).findFirst();
    }

    private String read(String conf) {
        return installer.files().read(conf).orElseThrow(() -> MoonlightException.badInput(conf + " does not exist",
                "point --conf (nginx.conf) at the portal's nginx file with the 'listen 443' server"));
    }

    private NginxCommands nginx(NginxRequest request) {
        return new NginxCommands(runner, request.binary(), request.mainConf());
    }
}
