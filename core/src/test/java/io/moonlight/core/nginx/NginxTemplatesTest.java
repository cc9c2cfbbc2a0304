package io.moonlight.core.nginx;

import io.moonlight.core.config.GatewayAddress;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden files for the nginx templates: model in, exact text out. */
class NginxTemplatesTest {
    private final TemplateRenderer renderer = TemplateRenderer.shipped();

    @Test
    void upstreamsWithTheConnectionUpgradeMap() {
        NginxBlocksModel model = NginxBlocksModel.of(List.of(new GatewayAddress("gateway.cluster.internal", 9004, 9005)), true);

        Golden.assertMatches("nginx/upstreams-with-map.conf",
                renderer.render("templates/nginx/upstreams.conf.ftl", model));
    }

    @Test
    void upstreamsWhenNginxAlreadyDefinesTheMap() {
        NginxBlocksModel model = NginxBlocksModel.of(List.of(new GatewayAddress("[fd00::10]", 9004, 9005)), false);

        Golden.assertMatches("nginx/upstreams-without-map.conf",
                renderer.render("templates/nginx/upstreams.conf.ftl", model));
    }

    @Test
    void upstreamsListEveryGatewayOfACluster() {
        NginxBlocksModel model = NginxBlocksModel.of(List.of(new GatewayAddress("gw1.cluster.internal", 8004, 8005),
                new GatewayAddress("gw2.cluster.internal", 8004, 8005), new GatewayAddress("[fd00::12]", 9004, 9005)), false);

        Golden.assertMatches("nginx/upstreams-several-gateways.conf",
                renderer.render("templates/nginx/upstreams.conf.ftl", model));
    }

    @Test
    void locations() {
        NginxBlocksModel model = new NginxBlocksModel(List.of(new GatewayAddress("gateway.cluster.internal", 9004, 9005)), "ml_api", "ml_signaling",
                7200, true);

        Golden.assertMatches("nginx/locations.conf",
                renderer.render("templates/nginx/locations.conf.ftl", model));
    }
}
