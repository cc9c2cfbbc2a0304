package io.moonlight.core.files;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** {@link HostFiles} on this machine, through java.nio. */
public final class LocalHostFiles implements HostFiles {

    @Override
    public Optional<String> read(String path) {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read " + path + ": " + AtomicFiles.describe(e),
                    "check the file's permissions");
        }
    }

    @Override
    public void writeAtomically(String path, String content, String octalMode) {
        AtomicFiles.write(Path.of(path), content, PosixFilePermissions.fromString(Modes.symbolic(octalMode)));
    }

    @Override
    public void copy(String path, String copy) {
        try {
            Files.copy(Path.of(path), Path.of(copy), StandardCopyOption.COPY_ATTRIBUTES,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw MoonlightException.failed("cannot copy " + path + " to " + copy + ": " + AtomicFiles.describe(e),
                    "check that " + Path.of(copy).getParent() + " is writable by this user");
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @Override
    public Optional<String> mode(String path) {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Modes.octal(Files.getPosixFilePermissions(file)));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read the mode of " + path + ": " + AtomicFiles.describe(e),
                    "check the directory's permissions");
        }
    }

    @Override
    public void delete(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot remove " + path + ": " + AtomicFiles.describe(e),
                    "remove it by hand");
        }
    }

    @Override
    public String host() {
        return "localhost";
    }
}
