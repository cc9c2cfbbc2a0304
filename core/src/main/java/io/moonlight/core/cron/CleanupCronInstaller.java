package io.moonlight.core.cron;

import io.moonlight.core.StepReport;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.InstallRoot;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;

/**
 * Installs {@code etc/cron.d/moonlight-cleanup} under a root directory: {@code moonlight cleanup}
 * every five minutes as root, its output appended to {@code <paths.log_dir>/cleanup.log}, under
 * {@code flock -n} so a slow run is never overlapped by the next one. cron reads cron.d by itself:
 * nothing to reload.
 */
public final class CleanupCronInstaller {
    public static final String FILE = "etc/cron.d/moonlight-cleanup";
    public static final String LOCK = "/run/lock/moonlight-cleanup.lock";
    private static final String STEP = "cron";
    private static final String TEMPLATE = "templates/cron/moonlight-cleanup.ftl";

    private final TemplateRenderer renderer;

    public CleanupCronInstaller(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    public static CleanupCronModel model(MoonlightConfig config, String launcher, Path configFile) {
        Path log = config.paths().logDir().resolve("cleanup.log");
        return new CleanupCronModel(launcher == null ? InstallRoot.LAUNCHER : launcher, configFile.toString(),
                log.toString(), LOCK);
    }

    public String render(CleanupCronModel model) {
        return renderer.render(TEMPLATE, model);
    }

    public StepReport install(CleanupCronModel model, String root, FileInstaller files) {
        String checkedRoot = InstallRoot.existing(root, files.files());
        return files.install(STEP, InstallRoot.under(checkedRoot, FILE), render(model), "644", FileValidator.NONE);
    }
}
