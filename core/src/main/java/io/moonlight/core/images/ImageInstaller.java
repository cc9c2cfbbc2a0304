package io.moonlight.core.images;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.ImageConfig;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.FileValidator;
import io.moonlight.core.files.HostFiles;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code install images}: renders the Apptainer definitions of the chosen images beside them and
 * builds each image with {@code apptainer build} into a temp file that is renamed over the target
 * only when the build succeeded. Everything is checked before anything changes. Works on this host
 * or another one: the runner and the files decide where.
 */
public final class ImageInstaller {
    /** A GNOME image with fonts and LS-PrePost takes 10-30 minutes; a stuck build still ends. */
    static final Duration BUILD_TIMEOUT = Duration.ofHours(4);
    private static final Pattern NO_SPACE_OR_QUOTE = Pattern.compile("[^\\s'\"\\\\]+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String INSTALL_APPTAINER = "install Apptainer (https://apptainer.org/docs/admin/main/"
            + "installation.html: the apptainer package from EPEL, or the .deb/.rpm from its GitHub releases) or set"
            + " apptainer.binary; --defs-only writes the definitions without it";

    private final MoonlightConfig config;
    private final TemplateRenderer renderer;
    private final CommandRunner runner;
    private final FileInstaller installer;
    private final Clock clock;
    private final BuildProgress.Listener listener;

    public ImageInstaller(MoonlightConfig config, TemplateRenderer renderer, CommandRunner runner,
            FileInstaller installer, Clock clock, BuildProgress.Listener listener) {
        this.config = config;
        this.renderer = renderer;
        this.runner = runner;
        this.installer = installer;
        this.clock = clock;
        this.listener = listener;
    }

    public ImageInstallResult install(ImageInstallRequest request) {
        List<String> ids = selectedIds(request);
        String directory = outputDirectory(request);
        List<ImageTarget> targets = ids.stream().map(id -> target(id, directory)).toList();
        List<ImageTarget> toBuild = request.defsOnly() ? List.of()
                : targets.stream().filter(t -> request.force() || !files().exists(t.imagePath())).toList();
        checkSources(toBuild);
        checkDirectoryUsable(directory);
        if (!toBuild.isEmpty()) {
            checkApptainer();
        }

        List<StepReport> reports = new ArrayList<>();
        for (ImageTarget target : targets) {
            if (request.defsOnly()) {
                reports.add(writeDefinition(target));
            } else if (toBuild.contains(target)) {
                writeDefinition(target);
                reports.add(build(target));
            } else {
                reports.add(StepReport.of(step(target), where(target.imagePath()), ChangeStatus.SKIPPED,
                        "the image exists; add --force to rebuild it"));
            }
        }
        return new ImageInstallResult(reports);
    }

    private List<String> selectedIds(ImageInstallRequest request) {
        if (request.all() == !request.imageIds().isEmpty()) {
            throw MoonlightException.badInput(request.all() ? "give either --image or --all, not both"
                            : "no image given",
                    "name images with --image ID (repeatable, or a comma list), or take all with --all; known: "
                            + String.join(", ", config.images().keySet()));
        }
        if (request.all()) {
            return List.copyOf(config.images().keySet());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String entry : request.imageIds()) {
            for (String id : entry.split(",", -1)) {
                String trimmed = id.strip();
                if (trimmed.isEmpty()) {
                    throw MoonlightException.badInput("empty image id in --image '" + entry + "'",
                            "separate ids with single commas, e.g. --image xfce4,gnome");
                }
                config.image(trimmed);
                ids.add(trimmed);
            }
        }
        return List.copyOf(ids);
    }

    private String outputDirectory(ImageInstallRequest request) {
        if (request.outputDir() != null && !request.outputDir().startsWith("/")) {
            throw MoonlightException.badInput("output directory '" + request.outputDir() + "' is not an absolute path",
                    "give --output-dir as an absolute path");
        }
        Path directory = request.outputDir() == null ? config.paths().imageDir() : Path.of(request.outputDir());
        String normalized = directory.normalize().toString();
        refuseVnc(normalized);
        return normalized;
    }

    private ImageTarget target(String id, String directory) {
        ImageConfig image = config.image(id);
        String imagePath = directory.equals("/") ? "/" + image.file() : directory + "/" + image.file();
        String definitionPath = imagePath.substring(0, imagePath.lastIndexOf('/') + 1) + image.definition() + ".def";
        refuseVnc(imagePath);
        refuseVnc(definitionPath);
        ImageDefinitionModel model = ImageDefinitionModel.of(id, config);
        String definition = renderer.render(ImageDefinitionModel.templateName(image), model);
        if (!image.installer().isEmpty()) {
            checkDefinitionPath("images." + id + ".installer", image.installer());
        }
        if (model.sunshineFromUrl()) {
            checkUrl(model.sunshineSource());
        } else {
            checkDefinitionPath("sunshine.package_source", model.sunshineSource());
        }
        return new ImageTarget(id, imagePath, definitionPath, definition, image.installer());
    }

    /** The VNC service's files ({@code vnc_*}) are never moonlight's to write, wherever they are. */
    private static void refuseVnc(String path) {
        for (String part : path.split("/")) {
            if (part.toLowerCase().startsWith("vnc")) {
                throw MoonlightException.badInput("refusing " + path + ": '" + part + "' belongs to the VNC service",
                        "choose a directory and image names that do not start with vnc");
            }
        }
    }

    /** A path in %files must be absolute and unquoted: no spaces or quotes. */
    private static void checkDefinitionPath(String key, String path) {
        if (!path.startsWith("/") || !NO_SPACE_OR_QUOTE.matcher(path).matches()) {
            throw MoonlightException.badInput("configuration key '" + key + "': '" + path
                            + "' must be an absolute path without spaces or quotes",
                    "move the file to such a path (it is copied into the image through %files)");
        }
    }

    /** The URL is fetched by curl in %post, inside single quotes. */
    private static void checkUrl(String url) {
        if (!NO_SPACE_OR_QUOTE.matcher(url).matches()) {
            throw MoonlightException.badInput("configuration key 'sunshine.package_source': the URL '" + url
                    + "' contains spaces or quotes", "give the URL percent-encoded");
        }
    }

    private void checkSources(List<ImageTarget> toBuild) {
        if (toBuild.isEmpty()) {
            return;
        }
        String sunshine = config.sunshine().packageSource();
        if (!ImageDefinitionModel.isUrl(sunshine) && !files().exists(sunshine)) {
            throw MoonlightException.badInput("the Sunshine package " + sunshine + " does not exist on " + host(),
                    "put the site's Sunshine .deb there, or set sunshine.package_source to its path or http(s) URL;"
                            + " --defs-only writes the definitions without it");
        }
        for (ImageTarget target : toBuild) {
            if (!target.installer().isEmpty() && !files().exists(target.installer())) {
                throw MoonlightException.badInput("the installer of image " + target.id() + ", " + target.installer()
                                + ", does not exist on " + host(),
                        "put the site's licensed installer there, or set images." + target.id() + ".installer;"
                                + " --defs-only writes the definitions without it");
            }
        }
    }

    /** The directory must be writable, or creatable: its nearest existing ancestor a writable directory. */
    private void checkDirectoryUsable(String directory) {
        String path = directory;
        while (!test("-e", path)) {
            path = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        }
        String why = !test("-d", path) ? path + " is not a directory" : !test("-w", path) ? path
                + " is not writable" : null;
        if (why != null) {
            throw MoonlightException.badInput("cannot write images to " + directory + " on " + host() + ": " + why,
                    "choose another --output-dir or fix paths.image_dir, or make " + path + " a writable directory");
        }
    }

    private boolean test(String flag, String path) {
        return runner.run(ExternalCommand.of("test", flag, path).asReadOnly()).succeeded();
    }

    private void checkApptainer() {
        String binary = config.apptainer().binary();
        ExecResult version;
        try {
            version = runner.run(ExternalCommand.of(binary, "--version").asReadOnly());
        } catch (MoonlightException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw apptainerMissing(binary);
            }
            throw e;
        }
        if (version.exitCode() == 126 || version.exitCode() == 127) {
            throw apptainerMissing(binary);
        }
        if (!version.succeeded()) {
            throw MoonlightException.unavailable("'" + binary + " --version' failed on " + host() + ": "
                    + version.complaint(), INSTALL_APPTAINER);
        }
    }

    private MoonlightException apptainerMissing(String binary) {
        return MoonlightException.unavailable("apptainer is missing on " + host() + ": '" + binary
                + "' (apptainer.binary) cannot be run", INSTALL_APPTAINER);
    }

    private StepReport writeDefinition(ImageTarget target) {
        return installer.install("definition " + target.id(), target.definitionPath(), target.definition(), "644",
                FileValidator.NONE);
    }

    private StepReport build(ImageTarget target) {
        String temp = tempPath(target);
        BuildProgressTracker tracker = new BuildProgressTracker(target.id(), clock, listener);
        ExternalCommand build = ExternalCommand.of(config.apptainer().binary(), "build", temp,
                        target.definitionPath())
                .withTimeout(BUILD_TIMEOUT)
                .onOutputLine(tracker::line);
        ExternalCommand rename = ExternalCommand.of("mv", "-f", "--", temp, target.imagePath());
        String definitionDetail = "definition: " + target.definitionPath();
        if (installer.isDryRun()) {
            runner.run(build);
            runner.run(rename);
            return StepReport.of(step(target), where(target.imagePath()), ChangeStatus.WOULD_CHANGE, definitionDetail);
        }
        try (TempFileGuard guard = TempFileGuard.register(runner, files(), temp)) {
            ExecResult result = runner.run(build);
            if (!result.succeeded()) {
                files().delete(temp);
                return StepReport.of(step(target), where(target.imagePath()), ChangeStatus.FAILED,
                        "apptainer build failed: " + result.complaint(), definitionDetail);
            }
            runner.run(rename).orFail("cannot move " + temp + " to " + target.imagePath(),
                    "check " + target.directory() + " on " + host());
        } catch (MoonlightException e) {
            files().delete(temp);
            return StepReport.of(step(target), where(target.imagePath()), ChangeStatus.FAILED, e.getMessage(),
                    definitionDetail);
        }
        return StepReport.of(step(target), where(target.imagePath()), ChangeStatus.CHANGED, definitionDetail,
                "built in " + minutesAndSeconds(tracker.elapsed()));
    }

    /** {@code .<name>.sif.building-XXXXXX} beside the target: same file system, so the rename is atomic. */
    private String tempPath(ImageTarget target) {
        String temp;
        do {
            temp = target.directory() + "/." + target.fileName() + ".building-" + randomSuffix();
        } while (files().exists(temp));
        return temp;
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return suffix.toString();
    }

    static String minutesAndSeconds(Duration elapsed) {
        return String.format("%d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
    }

    private static String step(ImageTarget target) {
        return "image " + target.id();
    }

    private HostFiles files() {
        return installer.files();
    }

    private String host() {
        return runner.target();
    }

    private String where(String path) {
        return "localhost".equals(host()) ? path : host() + ":" + path;
    }
}
