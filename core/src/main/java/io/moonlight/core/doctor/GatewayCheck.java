package io.moonlight.core.doctor;

import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.config.GatewayConfig;
import io.moonlight.core.config.NginxConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The gateways' health endpoints: the one on this host's {@code gateway.bind}, or, when
 * {@code nginx.gateways} lists several behind the portal, each of them (one result each: a site
 * running on some of its gateways is told which are down).
 */
public final class GatewayCheck implements Check {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final List<URI> healthUrls;

    private GatewayCheck(List<URI> healthUrls) {
        this.healthUrls = List.copyOf(healthUrls);
    }

    public static GatewayCheck of(GatewayConfig gateway, NginxConfig nginx) {
        if (nginx.gateways().size() > 1) {
            return new GatewayCheck(nginx.upstreams(gateway).stream().map(GatewayCheck::health).toList());
        }
        String host = "0.0.0.0".equals(gateway.bind()) ? "127.0.0.1" : gateway.bind();
        return new GatewayCheck(List.of(health(new GatewayAddress(host, gateway.apiPort(), gateway.signalingPort()))));
    }

    private static URI health(GatewayAddress gateway) {
        return URI.create("http://" + gateway.host() + ":" + gateway.apiPort() + "/api/moonlight/healthz");
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public List<CheckResult> run() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return healthUrls.stream().map(health -> check(client, health)).toList();
    }

    private CheckResult check(HttpClient client, URI health) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(health).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return CheckResult.pass(name(), health + " answers 200");
            }
            return CheckResult.fail(name(), health + " answers " + response.statusCode(), "look at the gateway's log");
        } catch (IOException e) {
            return CheckResult.fail(name(), "gateway not reachable at " + health,
                    "start it with 'moonlight gateway' (or its systemd unit)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name(), "interrupted", "");
        }
    }
}
