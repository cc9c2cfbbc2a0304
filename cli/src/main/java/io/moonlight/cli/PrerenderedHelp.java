package io.moonlight.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every command's {@code --help} text, rendered by picocli at build time and shipped in the jar, so
 * {@code moonlight [COMMAND...] --help} is answered without building the command model (reflecting
 * over every command costs several times a bare JVM start). Anything else, or a build without the
 * texts, goes through picocli as usual. A command whose help reads the environment (a default
 * value provider, or variables such as {@code ${env:HOME}}) is left to picocli: its text at build
 * time would be the build machine's.
 */
public final class PrerenderedHelp {
    static final String RESOURCE_DIR = "help/";
    private PrerenderedHelp() {
    }

    /** The help text for {@code args} ("[COMMAND...] --help" or "-h"), if it was rendered at build time. */
    public static Optional<String> lookup(String[] args, boolean colour) {
        if (args.length == 0 || !("--help".equals(args[args.length - 1]) || "-h".equals(args[args.length - 1]))) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder("moonlight");
        for (int i = 0; i < args.length - 1; i++) {
            if (!isCommandName(args[i])) {
                return Optional.empty();
            }
            name.append('-').append(args[i]);
        }
        try (InputStream in = PrerenderedHelp.class.getResourceAsStream(resource(name.toString(), colour))) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lower-case letters, digits and dashes, starting with a letter. A plain loop: a regex or a
     * stream here would cost more at every start than the rest of this class.
     */
    private static boolean isCommandName(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            if (!(letter || i > 0 && (c >= '0' && c <= '9' || c == '-'))) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    /** What picocli prints for {@code --help} of this command, with or without colours. */
    public static String render(CommandLine command, boolean colour) {
        return command.getUsageMessage(colour ? Ansi.ON : Ansi.OFF);
    }

    static String resource(String commandName, boolean colour) {
        return RESOURCE_DIR + commandName + (colour ? ".ansi" : ".txt");
    }

    /** Writes the texts of every command below the class output directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(PrerenderedHelp.class.getPackageName().replace('.', '/'));
        write(Main.commandLine(), dir);
    }

    static void write(CommandLine command, Path dir) throws IOException {
        String name = command.getCommandSpec().qualifiedName("-");
        if (!readsTheEnvironment(command.getCommandSpec())) {
            for (boolean colour : new boolean[] {false, true}) {
                Path file = dir.resolve(resource(name, colour));
                Files.createDirectories(file.getParent());
                Files.writeString(file, render(command, colour), StandardCharsets.UTF_8);
            }
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            write(sub, dir);
        }
    }

    static boolean readsTheEnvironment(CommandSpec spec) {
        if (spec.defaultValueProvider() != null) {
            return true;
        }
        // a picocli variable other than the ones picocli fills from the command model itself
        Pattern environmentVariable = Pattern.compile("(?<!\\$)\\$\\{(?!(DEFAULT-VALUE|COMPLETION-CANDIDATES|"
                + "FALLBACK-VALUE|MAP-FALLBACK-VALUE|COMMAND-NAME|COMMAND-FULL-NAME|PARENT-COMMAND-NAME|"
                + "PARENT-COMMAND-FULL-NAME|ROOT-COMMAND-NAME)\\})");
        Boolean interpolating = spec.interpolateVariables();
        spec.interpolateVariables(false);
        try {
            UsageMessageSpec usage = spec.usageMessage();
            List<String> texts = new ArrayList<>();
            for (String[] part : List.of(usage.header(), usage.description(), usage.footer(), usage.customSynopsis(),
                    usage.exitCodeListHeading() == null ? new String[0] : new String[] {usage.exitCodeListHeading()})) {
                texts.addAll(List.of(part));
            }
            for (ArgSpec arg : spec.args()) {
                texts.addAll(List.of(arg.description()));
                texts.add(arg.defaultValue());
                texts.add(arg.paramLabel());
            }
            return texts.stream().anyMatch(text -> text != null && environmentVariable.matcher(text).find());
        } finally {
            spec.interpolateVariables(interpolating);
        }
    }
}
