package io.moonlight.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration as a tree for printing, with every secret that is set (also inside lists) replaced
 * by a mask. A key ending in {@code _file} names where a secret is kept, not the secret: it is shown.
 */
public final class MaskedConfig {
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|private_key|credential).*");
    private static final String MASK = "********";

    private MaskedConfig() {
    }

    public static ObjectNode of(MoonlightConfig config) {
        ObjectNode tree = ConfigLoader.yamlMapper().valueToTree(config);
        mask(tree);
        return tree;
    }

    private static void mask(JsonNode node) {
        if (node.isArray()) {
            node.forEach(MaskedConfig::mask);
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (SECRET_KEY.matcher(field.getKey()).matches() && !field.getKey().endsWith("_file") && value.isTextual()
                    && !value.asText().isEmpty()) {
                object.put(field.getKey(), MASK);
            } else {
                mask(value);
            }
        }
    }
}
