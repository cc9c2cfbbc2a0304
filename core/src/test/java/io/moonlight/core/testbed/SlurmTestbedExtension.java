package io.moonlight.core.testbed;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the Slurm testbed once per JVM (the daemons stay up for the next run, which then starts
 * in well under a second; {@code testbed/slurm/testbed.sh stop} ends them) and injects
 * {@link SlurmTestbed} into test constructors and methods. Needs root, as the daemons do.
 */
public final class SlurmTestbedExtension implements BeforeAllCallback, ParameterResolver {
    private static SlurmTestbed started;

    @Override
    public void beforeAll(ExtensionContext context) {
        testbed();
    }

    private static synchronized SlurmTestbed testbed() {
        if (started == null) {
            SlurmTestbed testbed = SlurmTestbed.locate();
            testbed.start();
            started = testbed;
        }
        return started;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SlurmTestbed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return testbed();
    }
}
