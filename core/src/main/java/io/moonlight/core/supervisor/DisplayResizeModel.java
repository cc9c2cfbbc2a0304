package io.moonlight.core.supervisor;

/**
 * The model of {@code templates/sunshine/display-resize.sh.ftl}; {@code streamingMarker}: the file that
 * exists while a Moonlight client streams the session (the browser's resizes wait until it is gone).
 */
public record DisplayResizeModel(String sessionName, String display, String xauthority, String streamingMarker) {
    public static final String TEMPLATE = "templates/sunshine/display-resize.sh.ftl";

    public static DisplayResizeModel of(String sessionId, SessionDirectory dir, int display) {
        return new DisplayResizeModel(sessionId, ":" + display, XAuthority.file(dir).toString(),
                dir.file("moonlight-streaming").toString());
    }
}
