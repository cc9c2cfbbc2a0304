package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.orDefault;

import io.moonlight.core.MoonlightException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole configuration, read from one YAML file. Every key has a documented default (see
 * {@code moonlight config init}); a section or key left out takes it.
 */
public record MoonlightConfig(PathsConfig paths, SlurmConfig slurm, SunshineConfig sunshine,
        ApptainerConfig apptainer, Map<String, ImageConfig> images, StoreConfig store, NginxConfig nginx,
        GatewayConfig gateway, SshConfig ssh, TurnConfig turn, SessionsConfig sessions,
        SupervisorConfig supervisor) {
    private static final Pattern IMAGE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public MoonlightConfig {
        paths = orDefault(paths, new PathsConfig(null, null, null, null, null));
        slurm = orDefault(slurm, new SlurmConfig(null, null, null, null, null, null));
        sunshine = orDefault(sunshine, new SunshineConfig(null, null, null, null, null));
        apptainer = orDefault(apptainer, new ApptainerConfig(null, null, null));
        images = checkImages(orDefault(images, defaultImages()));
        store = orDefault(store, new StoreConfig(null, null, null));
        nginx = orDefault(nginx, new NginxConfig(null, null, null, null, null, null));
        gateway = orDefault(gateway, new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        ssh = orDefault(ssh, new SshConfig(null, null, null, null, null));
        turn = orDefault(turn, new TurnConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null)).withHostOf(gateway.publicUrl());
        sessions = orDefault(sessions, new SessionsConfig(null, null, null, null, null, null, null, null, null, null, null));
        supervisor = orDefault(supervisor, new SupervisorConfig(null, null, null, null, null, null, null, null, null, null, null));
        if (nginx.gateways().size() > 1 && !store.type().equals("redis")) {
            throw ConfigRules.bad("nginx.gateways", "lists " + nginx.gateways().size() + " gateways with the "
                    + store.type() + " store", "several gateways share sessions and signaling through Redis: set "
                    + "store.type: redis, or list one gateway");
        }
    }

    /** The built-in defaults: what a missing configuration file means. */
    public static MoonlightConfig defaults() {
        return new MoonlightConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The image with this id, or a bad-input error listing the known ones. */
    public ImageConfig image(String id) {
        ImageConfig image = images.get(id);
        if (image == null) {
            throw MoonlightException.badInput("unknown image '" + id + "'",
                    "known images: " + String.join(", ", images.keySet()) + " (see 'images' in the configuration)");
        }
        return image;
    }

    private static Map<String, ImageConfig> defaultImages() {
        Map<String, ImageConfig> images = new LinkedHashMap<>();
        images.put("xfce4", new ImageConfig("sunshine_xfce4", "sunshine_xfce4.sif",
                "XFCE desktop with Sunshine", null));
        images.put("gnome", new ImageConfig("sunshine_gnome", "sunshine_gnome.sif",
                "GNOME desktop with Sunshine", null));
        images.put("gnome-lsprepost", new ImageConfig("sunshine_gnome_lsprepost", "sunshine_gnome_lsprepost.sif",
                "GNOME desktop with Sunshine and LS-PrePost", "/opt/moonlight/dist/lsprepost.tgz"));
        return images;
    }

    private static Map<String, ImageConfig> checkImages(Map<String, ImageConfig> images) {
        if (images.isEmpty()) {
            throw ConfigRules.bad("images", "no image is configured", "remove the key to get the three shipped images");
        }
        for (Map.Entry<String, ImageConfig> entry : images.entrySet()) {
            String key = "images." + entry.getKey();
            if (!IMAGE_ID.matcher(entry.getKey()).matches()) {
                throw ConfigRules.bad(key, "'" + entry.getKey() + "' is not an image id",
                        "use lower-case letters, digits and '-', e.g. gnome-lsprepost");
            }
            ImageConfig image = entry.getValue();
            if (image == null || image.definition().isEmpty()) {
                throw ConfigRules.bad(key + ".definition", "missing", "name a definition in apptainer-defs/, e.g. sunshine_xfce4");
            }
            ConfigRules.name(key + ".definition", image.definition(), null);
            if (!image.file().matches("[A-Za-z0-9._-]+\\.sif")) {
                throw ConfigRules.bad(key + ".file", "'" + image.file() + "' is not a .sif file name",
                        "give a file name (no directory) ending in .sif, e.g. sunshine_xfce4.sif");
            }
            ConfigRules.notVnc(key + ".file", image.file());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }
}
