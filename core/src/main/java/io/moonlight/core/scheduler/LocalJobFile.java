package io.moonlight.core.scheduler;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.files.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The record of one local job: {@code <jobs dir>/<pid>.job}, a small properties file. */
record LocalJobFile(String id, String name, String user, Instant startedAt, Instant endsAt) {
    private static final String SUFFIX = ".job";

    void writeTo(Path dir) {
        String text = "pid=" + id + "\nname=" + name + "\nuser=" + user + "\nstarted_at=" + startedAt
                + "\nends_at=" + endsAt + "\n";
        AtomicFiles.write(dir.resolve(id + SUFFIX), text, PosixFilePermissions.fromString("rw-------"));
    }

    void deleteFrom(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(id + SUFFIX));
        } catch (IOException e) {
            throw MoonlightException.failed("cannot remove " + dir.resolve(id + SUFFIX) + ": " + e.getMessage(),
                    "make " + dir + " writable for this account");
        }
    }

    static Optional<LocalJobFile> read(Path dir, String id) {
        return parse(dir.resolve(id + SUFFIX));
    }

    static List<LocalJobFile> readAll(Path dir) {
        List<LocalJobFile> jobs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                parse(file).ifPresent(jobs::add);
            }
        } catch (IOException e) {
            throw MoonlightException.failed("cannot list local jobs in " + dir + ": " + e.getMessage(),
                    "check the directory's permissions");
        }
        jobs.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
        return jobs;
    }

    private static Optional<LocalJobFile> parse(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw MoonlightException.failed("cannot read local job " + file + ": " + e.getMessage(),
                    "check the file's permissions");
        }
        return Optional.of(new LocalJobFile(p.getProperty("pid"), p.getProperty("name"), p.getProperty("user"),
                Instant.parse(p.getProperty("started_at")), Instant.parse(p.getProperty("ends_at"))));
    }
}
