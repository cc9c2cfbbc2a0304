package io.moonlight.core.systemd;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.ConfigPaths;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Installs the gateway's systemd unit under a root directory. Into the live system (root "/") it
 * also reloads systemd so the unit is known; under another root it only says what to run there.
 */
public final class GatewayServiceInstaller {
    public static final String UNIT = "etc/systemd/system/moonlight-gateway.service";
    private static final String STEP = "gateway-service";
    private static final String TEMPLATE = "templates/systemd/moonlight-gateway.service.ftl";

    private final TemplateRenderer renderer;

    public GatewayServiceInstaller(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** What an install did, and what the operator runs next. */
    public record Result(StepReport step, List<String> nextSteps) {
    }

    /** The unit's model for this configuration: the user given (else gateway.service_user), its writable paths. */
    public static GatewayUnitModel model(MoonlightConfig config, String user, String launcher, Path configFile) {
        Set<String> writable = new LinkedHashSet<>();
        writable.add(ConfigPaths.resolve(config.paths().stateDir()).toString());
        if ("sqlite".equals(config.store().type())) {
            Path database = ConfigPaths.resolve(config.store().sqlitePath());
            if (!database.startsWith(ConfigPaths.resolve(config.paths().stateDir()))) {
                writable.add(database.getParent().toString());
            }
        }
        return new GatewayUnitModel(user == null ? config.gateway().serviceUser() : user,
                launcher == null ? InstallRoot.LAUNCHER : launcher, configFile.toString(), new ArrayList<>(writable));
    }

    public String render(GatewayUnitModel model) {
        return renderer.render(TEMPLATE, model);
    }

    public Result install(GatewayUnitModel model, String root, FileInstaller files, CommandRunner runner) {
        String checkedRoot = InstallRoot.existing(root, files.files());
        String unit = render(model);
        StepReport step = files.install(STEP, InstallRoot.under(checkedRoot, UNIT), unit, "644", FileValidator.NONE);
        List<String> next = new ArrayList<>();
        boolean live = "/".equals(checkedRoot);
        if (live && step.status() != ChangeStatus.UNCHANGED) {
            runner.run(ExternalCommand.of("systemctl", "daemon-reload"))
                    .orFail("systemctl daemon-reload", "run it by hand; the unit file is in place");
        } else if (!live) {
            next.add("systemctl daemon-reload   (on the system whose root is " + checkedRoot + ")");
        }
        next.add("systemctl enable --now moonlight-gateway   (the user '" + model.user()
                + "' must exist, e.g. useradd --system --shell /usr/sbin/nologin " + model.user() + ")");
        return new Result(step, next);
    }
}
