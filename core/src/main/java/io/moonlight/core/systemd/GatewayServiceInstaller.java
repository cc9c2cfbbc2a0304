package io.moonlight.core.systemd;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Installs the gateway as a service under a root directory: its systemd unit, and the sudoers
 * drop-in that lets its account act as the sessions' users. The drop-in is checked by visudo before
 * it is written (sudo stops working altogether with a broken file) and, into the live system
 * (root "/"), the whole sudo configuration again after the swap; there systemd is also reloaded.
 * Under another root it only says what to run there.
 */
public final class GatewayServiceInstaller {
    public static final String UNIT = "etc/systemd/system/moonlight-gateway.service";
    public static final String SUDOERS = "etc/sudoers.d/moonlight-gateway";
    private static final String UNIT_STEP = "gateway-service";
    private static final String SUDOERS_STEP = "gateway-sudoers";
    private static final String UNIT_TEMPLATE = "templates/systemd/moonlight-gateway.service.ftl";
    private static final String SUDOERS_TEMPLATE = "templates/sudoers/moonlight-gateway.ftl";
    private static final String COREUTILS_HINT = "install coreutils on the target system";
    private static final String SLURM_HINT = "install Slurm's client commands, or give --slurm-bin DIR where sbatch is "
            + "(e.g. /opt/slurm/bin)";

    private final TemplateRenderer renderer;

    public GatewayServiceInstaller(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** What an install did (the sudoers drop-in, then the unit), and what the operator runs next. */
    public record Result(List<StepReport> steps, List<String> nextSteps) {
    }

    /** The standard search path, with Slurm's directory when its commands live elsewhere. */
    public static SearchPath searchPath(String slurmBin) {
        if (slurmBin == null) {
            return SearchPath.STANDARD;
        }
        GatewayUnitModel.plainPath("--slurm-bin", slurmBin);
        return SearchPath.STANDARD.with(Path.of(slurmBin).normalize().toString());
    }

    /**
     * The unit's model for this configuration: the user given (else gateway.service_user), its
     * writable paths, its search path. A site whose sessions run as local processes cannot have
     * the gateway as a service: its jobs would be children of the unit, in its sandbox and cgroup.
     */
    public static GatewayUnitModel model(MoonlightConfig config, String user, String launcher, Path configFile,
            SearchPath path) {
        if ("local".equals(config.sessions().scheduler())) {
            throw MoonlightException.badInput("the gateway service cannot start sessions with sessions.scheduler: local",
                    "use sessions.scheduler: slurm for the service; local sessions need 'moonlight gateway' run by hand as root");
        }
        Path stateDir = config.paths().stateDir();
        Set<String> writable = new LinkedHashSet<>();
        writable.add(stateDir.toString());
        if ("sqlite".equals(config.store().type())) {
            Path database = config.store().sqlitePath();
            if (!database.startsWith(stateDir)) {
                writable.add(database.getParent().toString());
            }
        }
        writable.add(config.paths().sessionRoot().toString());
        return new GatewayUnitModel(serviceUser(config, user), launcher == null ? InstallRoot.LAUNCHER : launcher,
                configFile.toString(), new ArrayList<>(writable), path.toString(), stateDir.toString());
    }

    /**
     * The sudoers model for the system under {@code root}: the programs the gateway runs as users,
     * found on {@code path} there, and the accounts it must never act as, from its /etc/passwd.
     */
    public static GatewaySudoersModel sudoersModel(MoonlightConfig config, String user, SearchPath path, String root,
            HostFiles files) {
        String sessionFiles = config.paths().sessionRoot().resolve("sunshine_*").toString();
        return new GatewaySudoersModel(serviceUser(config, user), path.toString(),
                SystemAccounts.excluded(root, files, config.sessions().minUid()), sessionFiles,
                path.require("mkdir", root, files, COREUTILS_HINT),
                path.require("install", root, files, COREUTILS_HINT),
                path.require("dd", root, files, COREUTILS_HINT),
                path.require("cat", root, files, COREUTILS_HINT),
                path.require("tail", root, files, COREUTILS_HINT),
                path.require("rm", root, files, COREUTILS_HINT),
                path.require("sbatch", root, files, SLURM_HINT),
                path.require("scancel", root, files, SLURM_HINT));
    }

    public String render(GatewayUnitModel model) {
        return renderer.render(UNIT_TEMPLATE, model);
    }

    public String render(GatewaySudoersModel model) {
        return renderer.render(SUDOERS_TEMPLATE, model);
    }

    /**
     * Renders and checks both files first; writes the drop-in, then the unit. {@code root} must be
     * the one the sudoers model was made for.
     */
    public Result install(GatewayUnitModel unit, GatewaySudoersModel sudoers, String root, FileInstaller files,
            CommandRunner runner) {
        String checkedRoot = InstallRoot.existing(root, files.files());
        boolean live = "/".equals(checkedRoot);
        String unitText = render(unit);
        String sudoersText = render(sudoers);
        String sudoersFile = InstallRoot.under(checkedRoot, SUDOERS);
        SudoersCheck visudo = new SudoersCheck(runner);
        visudo.candidate(sudoersText, sudoersFile);

        List<StepReport> steps = new ArrayList<>();
        steps.add(files.install(SUDOERS_STEP, sudoersFile, sudoersText, "440",
                live ? visudo.wholeConfiguration() : FileValidator.NONE));
        StepReport unitStep = files.install(UNIT_STEP, InstallRoot.under(checkedRoot, UNIT), unitText, "644",
                FileValidator.NONE);
        steps.add(unitStep);

        List<String> next = new ArrayList<>();
        if (live && unitStep.status() != ChangeStatus.UNCHANGED) {
            runner.run(ExternalCommand.of("systemctl", "daemon-reload"))
                    .orFail("systemctl daemon-reload", "run it by hand; the unit file is in place");
        } else if (!live) {
            next.add("systemctl daemon-reload   (on the system whose root is " + checkedRoot + ")");
        }
        next.add("useradd --system --shell /usr/sbin/nologin " + unit.user()
                + "   (unless the account exists: the unit runs as it and sudo lets it act as users)");
        next.add("systemctl enable --now moonlight-gateway");
        return new Result(steps, next);
    }

    private static String serviceUser(MoonlightConfig config, String user) {
        return user == null ? config.gateway().serviceUser() : user;
    }
}
