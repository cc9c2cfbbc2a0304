package io.moonlight.cli;

import static io.moonlight.cli.StreamingSite.WAIT;

import io.moonlight.core.testing.Await;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the benchmarks read from the web client's page in a {@link StreamingSite}'s Chromium tab: the
 * time from a change of the session's root window colour to the first frame the page presents with
 * it (requestVideoFrameCallback, a pixel near the picture's bottom-right corner, the same machine's
 * wall clock), and the inbound video statistics of the page's last peer connection.
 */
final class PageProbe {
    private static final String HOOK = """
            window.peers = [];
            const Original = RTCPeerConnection;
            window.RTCPeerConnection = function (...args) {
                const peer = new Original(...args);
                window.peers.push(peer);
                return peer;
            };
            window.RTCPeerConnection.prototype = Original.prototype;
            window.expected = null;
            window.seenAt = null;
            document.addEventListener('DOMContentLoaded', () => {
                const video = document.getElementById('video');
                const canvas = document.createElement('canvas');
                canvas.width = 1;
                canvas.height = 1;
                const g = canvas.getContext('2d', {willReadFrequently: true});
                const frame = (now) => {
                    if (window.expected && window.seenAt === null) {
                        g.drawImage(video, Math.floor(0.9 * video.videoWidth), Math.floor(0.9 * video.videoHeight), 1, 1,
                                0, 0, 1, 1);
                        const d = g.getImageData(0, 0, 1, 1).data;
                        const e = window.expected;
                        if (Math.abs(d[0] - e[0]) < 40 && Math.abs(d[1] - e[1]) < 40 && Math.abs(d[2] - e[2]) < 40) {
                            window.seenAt = Date.now();
                        }
                    }
                    video.requestVideoFrameCallback(frame);
                };
                video.requestVideoFrameCallback(frame);
            });""";
    private static final int[][] COLOURS = {{0xc0, 0x30, 0x20}, {0x20, 0x50, 0xc0}};

    private PageProbe() {
    }

    /** Every page the site's tab opens from now on keeps its peer connections and watches its frames. */
    static void install(StreamingSite site) {
        site.chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOOK));
    }

    /**
     * {@code samples} changes of the root window's colour (xsetroot has returned: the X server has drawn
     * it), alternating between two colours at uneven intervals; the milliseconds each took to the page.
     */
    static List<Double> changeToFrame(StreamingSite site, StreamingSite.Session session, int samples)
            throws IOException, InterruptedException {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            int[] colour = COLOURS[i % 2];
            site.chromium.driver.executeScript("window.seenAt = null; window.expected = arguments[0];",
                    List.of(colour[0], colour[1], colour[2]));
            session.paintRoot(String.format("#%02x%02x%02x", colour[0], colour[1], colour[2]));
            long drawn = System.currentTimeMillis();
            Await.until("the colour in the page", WAIT,
                    () -> site.chromium.driver.executeScript("return window.seenAt") != null);
            latencies.add(((Number) site.chromium.driver.executeScript("return window.seenAt")).doubleValue() - drawn);
            Thread.sleep(150 + (i * 37) % 150);
        }
        return latencies;
    }

    static long framesDecoded(StreamingSite site) {
        return ((Number) inboundVideo(site, "framesDecoded")).longValue();
    }

    /** A field of the page's last peer connection's inbound video stats ("codec": the codec's MIME type). */
    static Object inboundVideo(StreamingSite site, String field) {
        return site.chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const field = arguments[0];
                window.peers[window.peers.length - 1].getStats().then((stats) => {
                    let inbound = null;
                    stats.forEach((s) => {
                        if (s.type === 'inbound-rtp' && s.kind === 'video') {
                            inbound = s;
                        }
                    });
                    done(field === 'codec' ? stats.get(inbound.codecId).mimeType : inbound[field]);
                });""", field);
    }
}
