package io.moonlight.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds and reads the configuration: {@code --config FILE}, else {@code $MOONLIGHT_CONFIG}, else
 * {@code /etc/moonlight/moonlight.yaml}; the default file may be absent (built-in defaults), a
 * named one may not. Unknown keys and bad values are errors naming the key.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("/etc/moonlight/moonlight.yaml");
    public static final String ENV_VARIABLE = "MOONLIGHT_CONFIG";

    private ConfigLoader() {
    }

    /**
     * The mapper for the configuration's YAML: snake_case keys, strict about unknown and duplicate keys;
     * paths read as plain text (not as URIs) and written as they were resolved. One instance, made on
     * first use: setting one up costs tens of milliseconds, and {@code config show} reads, masks and
     * prints with it (a configured mapper is safe to share between threads).
     */
    public static ObjectMapper yamlMapper() {
        return YamlMapper.INSTANCE;
    }

    /** Holds the mapper, so that it is made on first use (class initialization is lazy and thread-safe). */
    private static final class YamlMapper {
        static final ObjectMapper INSTANCE = create();

        private static ObjectMapper create() {
            YAMLFactory yaml = YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();
            return new ObjectMapper(yaml)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .registerModule(new SimpleModule("configured paths")
                            .addDeserializer(Path.class, new PathText())
                            .addSerializer(Path.class, ToStringSerializer.instance));
        }
    }

    /** A configured path exactly as written; the configuration's records resolve and check it. */
    private static final class PathText extends StdScalarDeserializer<Path> {
        PathText() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                return (Path) context.handleUnexpectedToken(Path.class, parser);
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                return (Path) context.handleWeirdStringValue(Path.class, text, e.getReason());
            }
        }
    }

    /** The documented default configuration, as {@code moonlight config init} writes it. */
    public static String commentedDefault() {
        try (var in = ConfigLoader.class.getResourceAsStream("moonlight.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ConfigSource load(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return new ConfigSource(read(explicit), Optional.of(explicit));
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ConfigSource(read(Path.of(fromEnv)), Optional.of(Path.of(fromEnv)));
        }
        if (Files.exists(DEFAULT_FILE)) {
            return new ConfigSource(read(DEFAULT_FILE), Optional.of(DEFAULT_FILE));
        }
        return new ConfigSource(MoonlightConfig.defaults(), Optional.empty());
    }

    public static MoonlightConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw MoonlightException.badInput("configuration file not found: " + file,
                    "create one with 'moonlight config init > " + file + "' or fix --config/$" + ENV_VARIABLE);
        } catch (IOException e) {
            throw MoonlightException.badInput("cannot read configuration file " + file + ": " + e.getMessage(),
                    "check the file's permissions");
        }
        return parse(file.toString(), text);
    }

    /** Parses configuration text; {@code origin} names it in errors. */
    public static MoonlightConfig parse(String origin, String text) {
        if (text.isBlank()) {
            return MoonlightConfig.defaults();
        }
        try {
            return yamlMapper().readValue(text, MoonlightConfig.class);
        } catch (JsonProcessingException e) {
            throw translate(origin, e);
        }
    }

    private static MoonlightException translate(String origin, JsonProcessingException error) {
        StreamReadException syntax = syntaxError(error);
        if (syntax != null) {
            String where = syntax.getLocation() == null ? "" : " at line " + syntax.getLocation().getLineNr();
            String message = syntax.getOriginalMessage();
            if (message.startsWith("Duplicate field '")) {
                return MoonlightException.badInput(origin + ": configuration key '"
                        + message.substring(17, message.indexOf('\'', 17)) + "' is given twice" + where,
                        "keep one of the two lines");
            }
            return MoonlightException.badInput(origin + ": not valid YAML" + where + ": "
                    + syntax.getOriginalMessage().lines().findFirst().orElse(""),
                    "fix the YAML syntax (indentation, ':' after each key)");
        }
        if (error instanceof ValueInstantiationException e && e.getCause() instanceof MoonlightException cause) {
            return MoonlightException.badInput(origin + ": " + cause.getMessage(), cause.hint().orElse(null));
        }
        if (error instanceof UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return MoonlightException.badInput(origin + ": unknown configuration key '" + key(e) + "'",
                    "known keys there: " + known + " (see 'moonlight config init')");
        }
        JsonMappingException mapping = error instanceof JsonMappingException e ? e
                : new JsonMappingException(null, error.getOriginalMessage(), error);
        return badValue(origin, mapping);
    }

    private static StreamReadException syntaxError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException read) {
                return read;
            }
        }
        return null;
    }

    private static MoonlightException badValue(String origin, JsonMappingException e) {
        String expected = e instanceof InvalidFormatException f && f.getTargetType() != null
                ? "expected " + describe(f.getTargetType()) + ", got '" + f.getValue() + "'"
                : e.getOriginalMessage().lines().findFirst().orElse("bad value");
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && !(e instanceof InvalidFormatException)) {
            expected = "expected " + describe(m.getTargetType());
        }
        return MoonlightException.badInput(origin + ": bad value for configuration key '" + key(e) + "': " + expected,
                "see 'moonlight config init' for the documented keys and defaults");
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Path.class) {
            return "a file path";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a section of keys";
        }
        return type.getSimpleName();
    }

    private static String key(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
