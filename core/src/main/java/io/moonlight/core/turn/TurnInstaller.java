package io.moonlight.core.turn;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.IpRange;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.files.AccountIds;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.files.LocalOwnership;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs coturn's configuration on this host under a root directory (docs/turn.md): the secret
 * coturn and the gateway share ({@code turn.secret_file}: made once, kept on later runs, readable
 * by the gateway's account only, mode 0400) and {@code turn.config_file} rendered from the
 * {@code turn} section with that secret (root:turnserver, mode 0640, as Debian ships it: coturn
 * reads it as turnserver). Files are replaced like every install step's (compare, back up, swap);
 * a dry run shows them with the secret masked.
 */
public final class TurnInstaller {
    public static final String SECRET_STEP = "turn-secret";
    public static final String CONFIG_STEP = "turn-config";
    public static final String COTURN_GROUP = "turnserver";
    private static final String TEMPLATE = "templates/coturn/turnserver.conf.ftl";
    private static final String MASK = "********";
    private static final String SECRET_MODE = "400";
    private static final String CONFIG_MODE = "640";

    private final TemplateRenderer renderer;

    public TurnInstaller(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** What an install or check did, and what the operator runs next. */
    public record Result(List<StepReport> steps, List<String> nextSteps) {
    }

    public static TurnServerModel model(TurnConfig turn, String secret) {
        List<String> allowed = Stream.concat(turn.relayIps().stream(), turn.allowedPeerRanges().stream())
                .map(range -> IpRange.parse(range).orElseThrow().coturn())
                .distinct()
                .toList();
        return new TurnServerModel(turn.effectiveRealm(), secret, turn.port(), turn.tlsPort(),
                turn.tls() ? turn.certificateFile().toString() : null, turn.tls() ? turn.keyFile().toString() : null,
                turn.listeningIps(), turn.relayIps(), turn.minPort(), turn.maxPort(), allowed);
    }

    public String render(TurnServerModel model) {
        return renderer.render(TEMPLATE, model);
    }

    /** Writes (or with {@code check}, compares) both files on this host; {@code files} must be this host's. */
    public Result install(MoonlightConfig config, String root, boolean check, FileInstaller files) {
        HostFiles host = files.files();
        String checkedRoot = InstallRoot.existing(root, host);
        TurnConfig turn = config.turn();
        String user = config.gateway().serviceUser();
        int gatewayUid = AccountIds.user(checkedRoot, host, user).orElseThrow(() -> MoonlightException.badInput(
                "no account '" + user + "' (gateway.service_user) in " + InstallRoot.under(checkedRoot, "etc/passwd"),
                "create it first (useradd --system --shell /usr/sbin/nologin " + user + "): it alone reads the TURN secret"));
        int coturnGid = AccountIds.group(checkedRoot, host, COTURN_GROUP).orElseThrow(() -> MoonlightException.badInput(
                "no group '" + COTURN_GROUP + "' in " + InstallRoot.under(checkedRoot, "etc/group")
                        + ": coturn is not installed there", "install it first: apt-get install coturn"));
        String secretPath = underRoot(checkedRoot, turn.secretFile());
        String configPath = underRoot(checkedRoot, turn.configFile());
        Optional<String> kept = host.read(secretPath).map(text -> TurnSecret.read(Path.of(secretPath)));
        if (check) {
            return new Result(kept.map(secret -> List.of(
                            compared(host, SECRET_STEP, secretPath, secret + "\n", gatewayUid, 0, SECRET_MODE),
                            compared(host, CONFIG_STEP, configPath, render(model(turn, secret)), 0, coturnGid,
                                    CONFIG_MODE)))
                    .orElse(List.of(StepReport.of(SECRET_STEP, secretPath, ChangeStatus.DRIFTED, "not installed"),
                            StepReport.of(CONFIG_STEP, configPath, ChangeStatus.DRIFTED,
                                    "cannot be compared without the secret"))), List.of());
        }
        String secret = kept.orElseGet(TurnSecret::generate);
        String rendered = render(model(turn, secret));
        List<StepReport> steps = List.of(
                owned(files, files.install(SECRET_STEP, secretPath, secret + "\n", MASK + "\n", SECRET_MODE,
                        FileValidator.NONE), secretPath, gatewayUid, 0, SECRET_MODE),
                owned(files, files.install(CONFIG_STEP, configPath, rendered, rendered.replace(secret, MASK),
                        CONFIG_MODE, FileValidator.NONE), configPath, 0, coturnGid, CONFIG_MODE));
        return new Result(steps, nextSteps(config, checkedRoot, steps, kept.isEmpty()));
    }

    /** The report of an installed file, after giving it its owner, group and mode (not in a dry run). */
    private static StepReport owned(FileInstaller files, StepReport report, String path, int uid, int gid, String mode) {
        if (files.isDryRun() || !LocalOwnership.set(path, uid, gid, mode)) {
            return report;
        }
        List<String> details = new ArrayList<>(report.details());
        details.add("owner " + uid + ":" + gid + ", mode " + mode);
        return new StepReport(report.step(), report.target(), ChangeStatus.CHANGED, details);
    }

    private static StepReport compared(HostFiles host, String step, String path, String wanted, int uid, int gid,
            String mode) {
        Optional<String> current = host.read(path);
        if (current.isEmpty()) {
            return StepReport.of(step, path, ChangeStatus.DRIFTED, "not installed");
        }
        if (!current.get().equals(wanted)) {
            return StepReport.of(step, path, ChangeStatus.DRIFTED, "differs from the configuration");
        }
        if (!LocalOwnership.matches(path, uid, gid, mode)) {
            return StepReport.of(step, path, ChangeStatus.DRIFTED, "owner, group or mode is not " + uid + ":" + gid
                    + " " + mode);
        }
        return StepReport.of(step, path, ChangeStatus.UNCHANGED, "installed and current");
    }

    private static List<String> nextSteps(MoonlightConfig config, String root, List<StepReport> steps,
            boolean newSecret) {
        TurnConfig turn = config.turn();
        List<String> next = new ArrayList<>();
        String where = "/".equals(root) ? "" : "; on the system whose root is " + root;
        if (steps.stream().anyMatch(s -> s.status() == ChangeStatus.CHANGED)) {
            next.add("systemctl enable coturn && systemctl restart coturn   (coturn reads its configuration at start"
                    + where + ")");
        }
        if (turn.allowedPeerRanges().isEmpty()) {
            next.add("list the viz nodes' networks in turn.allowed_peer_ranges (e.g. [10.20.0.0/16]): coturn now relays "
                    + "to no private address");
        }
        if (turn.tls()) {
            next.add("let coturn read " + turn.keyFile() + " (it runs as " + COTURN_GROUP + "), e.g. adduser "
                    + COTURN_GROUP + " ssl-cert");
        }
        if (!turn.enabled()) {
            next.add("set turn.enabled: true and restart the gateway, so that it hands out TURN credentials");
        } else if (newSecret) {
            next.add("restart the gateway: it reads the new secret at start");
        }
        return next;
    }

    private static String underRoot(String root, Path absolute) {
        return InstallRoot.under(root, absolute.toString().substring(1));
    }
}
