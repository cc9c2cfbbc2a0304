package io.moonlight.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.sessions.StartRequest;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON for the API: snake_case names both ways, and request bodies read as strictly as the CLI reads
 * its options: unknown or duplicate fields, wrong types, coercions ("60" or 60.5 for 60, 1234 for "1234") and trailing data
 * are each a bad-input error naming the field, so a client's typo never passes silently; so is a
 * body of JSON {@code null}, which would otherwise reach the handler as no object at all. A missing
 * field is an error too, except in a {@link StartRequest}, where it means "the default" like a
 * left-out CLI option.
 */
public final class StrictJson implements io.javalin.json.JsonMapper {
    private static final Set<Type> OPTIONAL_FIELDS = Set.of(StartRequest.class);
    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, text -> {
                text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                text.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public String toJsonString(Object value, Type type) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type + " as JSON", e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type type) {
        if (json == null || json.isBlank()) {
            throw MoonlightException.badInput("the request body is empty", "send a JSON object");
        }
        try {
            ObjectReader reader = mapper.readerFor(mapper.constructType(type));
            T value = (OPTIONAL_FIELDS.contains(type)
                    ? reader.without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES) : reader).readValue(json);
            if (value == null) {
                throw MoonlightException.badInput("the request body is null, not a JSON object", hintFor(type));
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof MoonlightException invalid) {
                throw invalid;
            }
            throw MoonlightException.badInput("the request body is not valid: " + e.getOriginalMessage(), hintFor(type));
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            throw MoonlightException.badInput("unknown field '" + e.getPropertyName() + "' in the request body",
                    "known fields: " + known);
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                throw MoonlightException.badInput("the request body has more after its JSON object",
                        "send one JSON object and nothing else");
            }
            String field = field(e);
            throw MoonlightException.badInput(field.isEmpty() ? "the request body is not the expected JSON object"
                    : "field '" + field + "' is missing or has the wrong type", hintFor(type));
        } catch (JsonProcessingException e) {
            throw MoonlightException.badInput("the request body is not valid JSON"
                    + (e.getOriginalMessage().contains("Duplicate field") ? ": a field appears twice" : ""),
                    "send one JSON object with each field once");
        }
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String hintFor(Type type) {
        return "docs/gateway.md lists the fields of " + (type instanceof Class<?> c ? c.getSimpleName() : type);
    }
}
