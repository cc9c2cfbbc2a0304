package io.moonlight.core.images;

import java.util.List;

/**
 * What {@code install images} was asked for: image ids (each entry may be a comma list) or all of
 * them, the output directory (null: {@code paths.image_dir}), and whether to write the definitions
 * only and to rebuild images that exist.
 */
public record ImageInstallRequest(List<String> imageIds, boolean all, String outputDir, boolean defsOnly,
        boolean force) {

    public ImageInstallRequest {
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
    }
}
