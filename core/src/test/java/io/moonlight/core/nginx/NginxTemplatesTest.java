package io.moonlight.core.nginx;

import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import org.junit.jupiter.api.Test;

/** Golden files for the nginx templates: model in, exact text out. */
class NginxTemplatesTest {
    private final TemplateRenderer renderer = TemplateRenderer.shipped();

    @Test
    void upstreamsWithTheConnectionUpgradeMap() {
        NginxBlocksModel model = NginxBlocksModel.of("gateway.cluster.internal", 9004, 9005, true);

        Golden.assertMatches("nginx/upstreams-with-map.conf",
                renderer.render("templates/nginx/upstreams.conf.ftl", model));
    }

    @Test
    void upstreamsWhenNginxAlreadyDefinesTheMap() {
        NginxBlocksModel model = NginxBlocksModel.of("[fd00::10]", 9004, 9005, false);

        Golden.assertMatches("nginx/upstreams-without-map.conf",
                renderer.render("templates/nginx/upstreams.conf.ftl", model));
    }

    @Test
    void locations() {
        NginxBlocksModel model = new NginxBlocksModel("gateway.cluster.internal", 9004, 9005, "ml_api", "ml_signaling",
                7200, true);

        Golden.assertMatches("nginx/locations.conf",
                renderer.render("templates/nginx/locations.conf.ftl", model));
    }
}
