package io.moonlight.core.supervisor;

import io.moonlight.core.session.SessionSpec;

/**
 * The model of {@code templates/sunshine/sunshine.conf.ftl}: one session's Sunshine on its leased
 * base port, encoding at most the session's bitrate, with every file it reads or writes inside the
 * session directory.
 */
public record SunshineConfModel(String sessionName, int port, String bindAddress, String originWebUiAllowed,
        String encoder, String capture, int nvencPreset, String nvencTwopass, int maxBitrate, String audioSink,
        String virtualSink, String minLogLevel, String logPath, String fileApps, String fileState,
        String credentialsFile, String pkey, String cert) {
    public static final String TEMPLATE = "templates/sunshine/sunshine.conf.ftl";

    public static SunshineConfModel of(String sessionId, SessionDirectory dir, int basePort, SessionSpec spec,
            SunshineSettings settings) {
        return new SunshineConfModel(sessionId, basePort, settings.bindAddress(), settings.originWebUiAllowed(),
                settings.encoder(), settings.capture(), settings.nvencPreset(), settings.nvencTwopass(),
                spec.bitrateKbps(), settings.audioSink(), settings.virtualSink(), settings.minLogLevel(),
                SunshineFiles.sunshineLog(dir).toString(), SunshineFiles.apps(dir).toString(),
                dir.file("sunshine-state.json").toString(), SunshineFiles.credentials(dir).toString(),
                dir.file("sunshine-key.pem").toString(), SunshineFiles.certificate(dir).toString());
    }

    /** Sunshine's web UI (HTTPS) port, where pairing PINs go. */
    public int webUiPort() {
        return port + 1;
    }
}
