package io.moonlight.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that needs a real service or root: the Slurm testbed, Redis, nginx, sshd, an X server
 * (Xvfb, Xorg), sudo, local users made with useradd or switched to with runuser/setpriv, network
 * namespaces. {@code scripts/test --fast} leaves these out (tag {@value #TAG}); {@code scripts/test}
 * runs them with everything else.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(ServiceTest.TAG)
public @interface ServiceTest {
    String TAG = "service";
}
