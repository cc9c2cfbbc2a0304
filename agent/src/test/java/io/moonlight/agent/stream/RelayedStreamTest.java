package io.moonlight.agent.stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.turn.TurnCredential;
import io.moonlight.core.turn.TurnCredentials;
import io.moonlight.core.turn.TurnSecret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream with relay-only ICE on the viewer's side ({@code iceTransportPolicy: 'relay'}, as a
 * browser that cannot reach the node would end up): every packet goes through a real coturn
 * configured by 'install turn', with credentials issued from its secret and handed over as the
 * hub's welcome carries them.
 */
@ServiceTest
class RelayedStreamTest {
    @TempDir
    static Path root;
    @TempDir
    static Path run;
    private static TurnRelay relay;

    @BeforeAll
    static void startCoturn() throws Exception {
        relay = TurnRelay.start(root, run);
    }

    @AfterAll
    static void stopCoturn() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void framesArriveThroughTheRelayWithIssuedCredentials() throws Exception {
        PaintedScreen screen = new PaintedScreen(640, 360);
        screen.paint(255, 0, 0);
        try (DesktopStream stream = agent(new StreamLimits(30, 4000), screen);
                ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null,
                        relay.relayOnly(relay.issuer().issue("alice")))) {
            peer.connected().get(20, TimeUnit.SECONDS);
            DesktopStreamTest.awaitColour(peer, 255, 0, 0);
            screen.paint(0, 0, 255);
            DesktopStreamTest.awaitColour(peer, 0, 0, 255);
        }
    }

    @Test
    void aForgedCredentialGetsNoConnection() throws Exception {
        TurnCredential forged = new TurnCredentials(TurnSecret.generate(), Duration.ofMinutes(10), Clock.systemUTC())
                .issue("mallory");
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 255, 0);
        try (DesktopStream stream = agent(new StreamLimits(30, 2000), screen);
                ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null, relay.relayOnly(forged))) {
            assertThrows(TimeoutException.class, () -> peer.connected().get(8, TimeUnit.SECONDS));
        }
    }

    private static DesktopStream agent(StreamLimits limits, PaintedScreen screen) {
        return relay.agentSide(new DesktopStream(screen, peer -> new InputRoute(json -> { }, () -> { }), limits, line -> { }));
    }
}
