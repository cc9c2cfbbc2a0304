package io.moonlight.agent.x11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.MoonlightException;
import org.junit.jupiter.api.Test;

class XLibrariesTest {
    @Test
    void aMissingLibraryIsAOneLineErrorNamingItsPackageEveryTime() {
        XLibraries.Loaded<XDamage> missing = new XLibraries.Loaded<>("libXnosuch.so.1", XDamage.class, "libxnosuch1");

        MoonlightException first = assertThrows(MoonlightException.class, missing::get);
        assertEquals("cannot load libXnosuch.so.1: cannot open shared object file: No such file or directory",
                first.getMessage());
        assertEquals("install the Debian package libxnosuch1 (apt-get install libxnosuch1)", first.hint().orElseThrow());
        assertSame(first, assertThrows(MoonlightException.class, missing::get), "loaded once, failed once");
    }
}
