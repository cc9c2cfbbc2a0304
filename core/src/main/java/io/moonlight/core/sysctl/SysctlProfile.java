package io.moonlight.core.sysctl;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network tuning profile: the kernel parameters ({@code sysctl/moonlight.conf}) and the kernel
 * modules they need ({@code sysctl/moonlight-modules.conf}). The site directory's copies, when
 * present, replace the shipped ones.
 *
 * @param source where the settings came from, for the installed file's header
 */
public record SysctlProfile(String source, List<SysctlSetting> settings, List<KernelModule> modules) {
    static final String SETTINGS_FILE = "sysctl/moonlight.conf";
    static final String MODULES_FILE = "sysctl/moonlight-modules.conf";

    /** Dotted names only: they go on sysctl's command line, so nothing that could read as an option. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_-]+)+");
    private static final Pattern MODULE = Pattern.compile("[a-z0-9_]+");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]+([ \\t]+[\\x21-\\x7e]+)*");

    public SysctlProfile {
        settings = List.copyOf(settings);
        modules = List.copyOf(modules);
    }

    /** The profile from the site directory where it has one, else the shipped one. */
    public static SysctlProfile load(Path siteDir) {
        Text settings = read(siteDir, SETTINGS_FILE);
        Text modules = read(siteDir, MODULES_FILE);
        return parse(settings.source(), settings.content(), modules.source(), modules.content());
    }

    public static SysctlProfile parse(String settingsSource, String settingsText, String modulesSource,
            String modulesText) {
        return new SysctlProfile(settingsSource,
                settings(CommentedLines.parse(settingsSource, settingsText)),
                modules(CommentedLines.parse(modulesSource, modulesText)));
    }

    public Optional<SysctlSetting> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** This profile with {@code setting} in place of its own line for the key, or added at the end. */
    public SysctlProfile with(SysctlSetting setting) {
        List<SysctlSetting> changed = new ArrayList<>(settings);
        int at = keys().indexOf(setting.key());
        if (at < 0) {
            changed.add(setting);
        } else {
            changed.set(at, setting);
        }
        return new SysctlProfile(source, changed, modules);
    }

    public List<String> keys() {
        return settings.stream().map(SysctlSetting::key).toList();
    }

    private static List<SysctlSetting> settings(CommentedLines file) {
        List<SysctlSetting> settings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CommentedLines.Line line : file.lines()) {
            int equals = line.text().indexOf('=');
            if (equals < 0) {
                throw bad(file, line, "'" + line.text() + "' is not 'key = value'");
            }
            String key = line.text().substring(0, equals).strip();
            String value = line.text().substring(equals + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw bad(file, line, "'" + key + "' is not a sysctl key such as net.core.rmem_max");
            }
            if (!VALUE.matcher(value).matches()) {
                throw bad(file, line, "key " + key + " has no value or one with control characters");
            }
            if (!seen.add(key)) {
                throw bad(file, line, "key " + key + " is set twice");
            }
            settings.add(new SysctlSetting(key, value, line.comments()));
        }
        if (settings.isEmpty()) {
            throw MoonlightException.badInput(file.source() + " sets no key",
                    "add 'key = value' lines, or remove the file to use the shipped profile");
        }
        return settings;
    }

    private static List<KernelModule> modules(CommentedLines file) {
        List<KernelModule> modules = new ArrayList<>();
        for (CommentedLines.Line line : file.lines()) {
            if (!MODULE.matcher(line.text()).matches()) {
                throw bad(file, line, "'" + line.text() + "' is not a kernel module name such as tcp_bbr");
            }
            modules.add(new KernelModule(line.text(), line.comments()));
        }
        return modules;
    }

    private static MoonlightException bad(CommentedLines file, CommentedLines.Line line, String what) {
        return MoonlightException.badInput(file.source() + " line " + line.number() + ": " + what,
                "fix the line; the shipped " + SETTINGS_FILE + " shows the syntax");
    }

    private record Text(String source, String content) {
    }

    private static Text read(Path siteDir, String name) {
        if (siteDir != null) {
            Path override = siteDir.resolve(name);
            if (Files.isRegularFile(override)) {
                try {
                    return new Text(override.toString(), Files.readString(override, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw MoonlightException.badInput("cannot read " + override + ": " + e.getMessage(),
                            "check the file's permissions, or remove it to use the shipped profile");
                }
            }
        }
        try (InputStream in = SysctlProfile.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw MoonlightException.failed("the shipped " + name + " is missing", "reinstall moonlight");
            }
            return new Text(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
