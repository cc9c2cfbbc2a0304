package io.moonlight.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a command's output stream to its end on its own thread, passing each line to the command's
 * listener as it arrives and collecting the whole text exactly (a file read with {@code cat} must
 * compare equal to what was written). Both streams must be read at once, or a command that fills
 * one pipe stalls.
 */
public final class OutputLines {

    private OutputLines() {
    }

    public static CompletableFuture<String> collect(InputStream stream, ExternalCommand command) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            StringBuilder line = new StringBuilder();
            char[] chunk = new char[8192];
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                for (int n = reader.read(chunk); n != -1; n = reader.read(chunk)) {
                    text.append(chunk, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (chunk[i] == '\n') {
                            tell(command, line);
                        } else {
                            line.append(chunk[i]);
                        }
                    }
                }
                if (line.length() > 0) {
                    tell(command, line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }, runnable -> {
            Thread thread = new Thread(runnable, "output-" + command.program());
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static void tell(ExternalCommand command, StringBuilder line) {
        if (command.outputListener() != null) {
            command.outputListener().accept(line.toString());
        }
        line.setLength(0);
    }
}
