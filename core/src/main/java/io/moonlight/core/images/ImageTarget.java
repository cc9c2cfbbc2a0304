package io.moonlight.core.images;

/** One image to install: its id, its .sif path, the .def written beside it and that file's content. */
record ImageTarget(String id, String imagePath, String definitionPath, String definition, String installer) {

    String directory() {
        return imagePath.substring(0, imagePath.lastIndexOf('/'));
    }

    String fileName() {
        return imagePath.substring(imagePath.lastIndexOf('/') + 1);
    }
}
