package io.moonlight.core.turn;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Coturn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * 'install turn' into a scratch root ({@link TurnRoot}) for a coturn at a free port on 127.0.0.1,
 * then that coturn started from the generated configuration; {@code secret} is the one installed.
 */
public record InstalledCoturn(Coturn coturn, int port, String secret, Path secretFile) implements AutoCloseable {

    public static InstalledCoturn start(Path root, Path run) throws IOException, InterruptedException {
        return start(root, run, "");
    }

    /** @param more further lines of the turn section (indented), e.g. a certificate */
    public static InstalledCoturn start(Path root, Path run, String more) throws IOException, InterruptedException {
        int port = Coturn.freePort();
        TurnRoot.accounts(root);
        new TurnInstaller(TemplateRenderer.shipped()).install(ConfigLoader.parse("test.yaml", TurnRoot.yaml(port) + more),
                root.toString(), false,
                new FileInstaller(new LocalHostFiles(), Clock.systemUTC(), DryRunPlan.NONE));
        Path secretFile = root.resolve("etc/moonlight/turn-secret");
        return new InstalledCoturn(Coturn.start(root.resolve("etc/turnserver.conf"), port, run), port,
                TurnSecret.read(secretFile), secretFile);
    }

    @Override
    public void close() {
        coturn.close();
    }
}
