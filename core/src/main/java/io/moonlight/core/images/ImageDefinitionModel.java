package io.moonlight.core.images;

import io.moonlight.core.config.ImageConfig;
import io.moonlight.core.config.MoonlightConfig;

/**
 * What an Apptainer definition template ({@code apptainer-defs/sunshine_*.def.ftl}) is rendered
 * from: the image, the base it starts from, where Sunshine's .deb comes from (a path on the build
 * host copied in through %files, or an http(s) URL fetched during %post) and, for licensed
 * applications, the site's installer (empty when the image has none).
 */
public record ImageDefinitionModel(String id, String file, String description, String bootstrap, String from,
        String sunshineSource, boolean sunshineFromUrl, String installer) {

    public static ImageDefinitionModel of(String id, MoonlightConfig config) {
        ImageConfig image = config.image(id);
        String source = config.sunshine().packageSource();
        return new ImageDefinitionModel(id, image.file(), image.description(), config.apptainer().bootstrap(),
                config.apptainer().from(), source, isUrl(source), image.installer());
    }

    /** The template this image is rendered from, relative to the data folders. */
    public static String templateName(ImageConfig image) {
        return "apptainer-defs/" + image.definition() + ".def.ftl";
    }

    static boolean isUrl(String source) {
        return source.startsWith("https://") || source.startsWith("http://");
    }
}
