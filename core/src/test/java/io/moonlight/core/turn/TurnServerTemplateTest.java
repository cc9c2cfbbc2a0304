package io.moonlight.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.TurnConfig;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** coturn's configuration rendered from the turn section, against golden files. */
class TurnServerTemplateTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private final TurnInstaller installer = new TurnInstaller(TemplateRenderer.shipped());

    @Test
    void theDefaultsListenEverywhereWithoutTlsAndRelayToNoPrivateRange() {
        TurnConfig turn = ConfigLoader.parse("t", "gateway:\n  public_url: https://portal.example.org/\n").turn();
        Golden.assertMatches("coturn/turnserver.conf", installer.render(TurnInstaller.model(turn, SECRET)));
    }

    @Test
    void vizNodeRangesAndTheRelayAddressAreAllowedAndTlsUsesThePortalsCertificate() {
        TurnConfig turn = ConfigLoader.parse("t", "turn:\n  host: turn.example.org\n  realm: example.org\n"
                + "  listening_ips: [192.0.2.10, \"2001:db8::10\"]\n  relay_ips: [192.0.2.10]\n"
                + "  port: 3479\n  tls_port: 5350\n  min_port: 50000\n  max_port: 50999\n"
                + "  certificate_file: /etc/ssl/certs/portal.pem\n  key_file: /etc/ssl/private/portal.key\n"
                + "  allowed_peer_ranges: [10.20.0.0/16, 172.20.1.5, \"fd00:20::/32\", 10.30.0.1-10.30.0.9]\n").turn();
        Golden.assertMatches("coturn/turnserver-tls.conf", installer.render(TurnInstaller.model(turn, SECRET)));
        assertEquals(List.of("turn:turn.example.org:3479?transport=udp", "turn:turn.example.org:3479?transport=tcp",
                "turns:turn.example.org:5350?transport=tcp"), turn.urls());
    }
}
