package io.moonlight.core.doctor;

import io.moonlight.core.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The gateway's health endpoint, on the address it binds. */
public final class GatewayCheck implements Check {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final GatewayConfig gateway;

    public GatewayCheck(GatewayConfig gateway) {
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public List<CheckResult> run() {
        String host = "0.0.0.0".equals(gateway.bind()) ? "127.0.0.1" : gateway.bind();
        URI health = URI.create("http://" + host + ":" + gateway.apiPort() + "/api/moonlight/healthz");
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(health).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return List.of(CheckResult.pass(name(), health + " answers 200"));
            }
            return List.of(CheckResult.fail(name(), health + " answers " + response.statusCode(),
                    "look at the gateway's log"));
        } catch (IOException e) {
            return List.of(CheckResult.fail(name(), "gateway not reachable at " + health,
                    "start it with 'moonlight gateway' (or its systemd unit)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.fail(name(), "interrupted", ""));
        }
    }
}
