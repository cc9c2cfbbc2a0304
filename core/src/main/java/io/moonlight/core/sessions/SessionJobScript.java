package io.moonlight.core.sessions;

import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The batch script of a session's job ({@link SessionJobModel#TEMPLATE}): it execs the session's
 * supervisor through the moonlight launcher on the nodes, reading the configuration file named here.
 */
public final class SessionJobScript {
    private final TemplateRenderer renderer;
    private final Supplier<Path> launcher;
    private final Optional<Path> configFile;

    /**
     * @param launcher the moonlight command the job runs (must exist at this path on the nodes); asked
     *     for only when a script is rendered
     * @param configFile the configuration file the job's supervisor reads, when not the default one
     */
    public SessionJobScript(TemplateRenderer renderer, Supplier<Path> launcher, Optional<Path> configFile) {
        this.renderer = renderer;
        this.launcher = launcher;
        this.configFile = configFile;
    }

    String render(String sessionId, String user, int graceSeconds, SessionPaths paths) {
        return renderer.render(SessionJobModel.TEMPLATE, SessionJobModel.of(sessionId, user, graceSeconds, launcher.get(),
                configFile, paths));
    }
}
