package io.moonlight.core.supervisor;

/** The model of {@code templates/sunshine/display-resize.sh.ftl}. */
public record DisplayResizeModel(String sessionName, String display, String xauthority) {
    public static final String TEMPLATE = "templates/sunshine/display-resize.sh.ftl";

    public static DisplayResizeModel of(String sessionId, SessionDirectory dir, int display) {
        return new DisplayResizeModel(sessionId, ":" + display, XAuthority.file(dir).toString());
    }
}
