package io.moonlight.core.supervisor;

/** The model of {@code templates/sunshine/web-ui-credentials.json.ftl}, the session's 0600 login file. */
public record WebUiCredentialsModel(String sessionName, int webUiPort, String user, String password) {
    public static final String TEMPLATE = "templates/sunshine/web-ui-credentials.json.ftl";

    public static WebUiCredentialsModel of(String sessionId, SunshineConfModel conf, WebUiCredentials credentials) {
        return new WebUiCredentialsModel(sessionId, conf.webUiPort(), credentials.user(), credentials.password());
    }

    @Override
    public String toString() {
        return "WebUiCredentialsModel[" + sessionName + ", port " + webUiPort + ", user " + user + "]";
    }
}
