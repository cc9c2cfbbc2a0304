package io.moonlight.agent.check;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.moonlight.agent.stream.WebRtcLibrary;
import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.agent.x11.XTestLibrary;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.doctor.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the agent needs on a node, tried for real in a JVM of its own ({@link AgentCheck} runs it,
 * so that a native library that crashes cannot take the doctor with it): webrtc-java's native
 * library and its encoders, the X client libraries, and an X server's MIT-SHM, XTEST, DAMAGE and
 * XFIXES extensions, checked on a throwaway Xvfb on a display from :900. Prints one line per result:
 * status, name, summary and hint, separated by tabs.
 */
public final class AgentSelfTest {
    static final String LIBRARY = "agent library";
    static final String X_LIBRARIES = "agent X libraries";
    static final String X_SERVER = "agent X extensions";

    private AgentSelfTest() {
    }

    public static void main(String[] args) {
        for (CheckResult result : run()) {
            System.out.println(String.join("\t", result.status().name(), result.check(),
                    result.summary().replace('\t', ' '), result.hint().replace('\t', ' ')));
        }
        System.out.flush();
        // webrtc-java's threads are not daemons: the results are out, nothing else is wanted.
        Runtime.getRuntime().halt(0);
    }

    static List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        results.add(nativeLibrary());
        CheckResult x = xLibraries();
        results.add(x);
        if (x.status() == CheckResult.Status.PASS) {
            results.add(xServer());
        }
        return results;
    }

    private static CheckResult nativeLibrary() {
        try {
            HeadlessAudioDeviceModule audio = WebRtcLibrary.audioModule();
            PeerConnectionFactory factory = new PeerConnectionFactory(audio);
            Set<String> codecs = new LinkedHashSet<>();
            for (RTCRtpCodecCapability codec : factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs()) {
                if (!List.of("rtx", "red", "ulpfec", "flexfec-03").contains(codec.getName())) {
                    codecs.add(codec.getName());
                }
            }
            factory.dispose();
            audio.dispose();
            if (!codecs.contains("H264")) {
                return CheckResult.warn(LIBRARY, "webrtc-java loaded, but without an H264 encoder (" + codecs + ")",
                        "browsers get VP8, which costs the node about twice the CPU at 1080p");
            }
            return CheckResult.pass(LIBRARY, "webrtc-java loaded; video encoders " + String.join(", ", codecs));
        } catch (MoonlightException e) {
            return CheckResult.fail(LIBRARY, e.getMessage(), e.hint().orElse(""));
        }
    }

    private static CheckResult xLibraries() {
        try {
            XLibraries.xlib();
            XLibraries.xshm();
            XLibraries.xdamage();
            XLibraries.xfixes();
            XLibraries.xtest();
            return CheckResult.pass(X_LIBRARIES, "libX11, libXext, libXdamage, libXfixes and libXtst load");
        } catch (MoonlightException e) {
            return CheckResult.fail(X_LIBRARIES, e.getMessage(), e.hint().orElse(""));
        } catch (UnsatisfiedLinkError e) {
            return CheckResult.fail(X_LIBRARIES, "libXtst does not load: " + e.getMessage(),
                    "install the Debian package libxtst6 (apt-get install libxtst6)");
        }
    }

    private static CheckResult xServer() {
        Path xvfb = Path.of("/usr/bin/Xvfb");
        if (!Files.isExecutable(xvfb)) {
            return CheckResult.warn(X_SERVER, "not checked: no Xvfb to start here",
                    "install xvfb on the viz nodes (apt-get install xvfb), or check a session's display by hand");
        }
        for (int display = 900; display < 1000; display++) {
            if (Files.exists(Path.of("/tmp/.X" + display + "-lock"))
                    || Files.exists(Path.of("/tmp/.X11-unix/X" + display))) {
                continue;
            }
            return extensionsOn(xvfb, display);
        }
        return CheckResult.warn(X_SERVER, "not checked: displays :900-:999 are all taken", "");
    }

    private static CheckResult extensionsOn(Path xvfb, int display) {
        Process server = null;
        try {
            server = new ProcessBuilder(xvfb.toString(), ":" + display, "-screen", "0", "320x240x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!server.isAlive() || !Files.exists(socket)) {
                return CheckResult.warn(X_SERVER, "not checked: Xvfb did not start on :" + display, "");
            }
            List<String> missing = new ArrayList<>();
            try (XConnection x = XConnection.open(":" + display)) {
                for (String extension : List.of("MIT-SHM", "XTEST", "DAMAGE", "XFIXES")) {
                    if (!x.hasExtension(extension)) {
                        missing.add(extension);
                    }
                }
            }
            if (missing.contains("XTEST")) {
                return CheckResult.fail(X_SERVER, "Xvfb has no XTEST: browsers' keyboard and mouse cannot reach the desktop",
                        "use an X server built with XTEST (Debian's xvfb and xserver-xorg-core have it)");
            }
            if (!missing.isEmpty()) {
                List<String> effects = new ArrayList<>();
                if (missing.contains("MIT-SHM") || missing.contains("DAMAGE")) {
                    effects.add("the agent falls back to slower capture");
                }
                if (missing.contains("XFIXES")) {
                    effects.add("the clipboard is not shared with browsers");
                }
                return CheckResult.warn(X_SERVER, "Xvfb lacks " + String.join(", ", missing) + ": "
                        + String.join("; ", effects), "use Debian's xvfb or Xorg, which have them");
            }
            return CheckResult.pass(X_SERVER, "Xvfb has MIT-SHM, XTEST, DAMAGE and XFIXES");
        } catch (IOException | MoonlightException e) {
            return CheckResult.warn(X_SERVER, "not checked: " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.warn(X_SERVER, "not checked: interrupted", "");
        } finally {
            if (server != null) {
                server.destroy();
            }
        }
    }
}
