package io.moonlight.core.supervisor;

import io.moonlight.core.session.Geometry;

/**
 * The model of {@code templates/sunshine/apps.json.ftl}: one "Desktop" app on the session's display.
 * When the X server can change its size (Xorg with the dummy driver; Xvfb cannot), a prep-cmd resizes
 * the screen to the client's size and back; otherwise the resize script is empty and the stream is
 * scaled by the client.
 */
public record SunshineAppsModel(String display, String xauthority, String resizeScript, int width, int height) {
    public static final String TEMPLATE = "templates/sunshine/apps.json.ftl";

    public static SunshineAppsModel of(SessionDirectory dir, int display, Geometry geometry, XServer server) {
        return new SunshineAppsModel(":" + display, XAuthority.file(dir).toString(),
                server.canResize() ? SunshineFiles.resizeScript(dir).toString() : "", geometry.width(), geometry.height());
    }
}
