package io.moonlight.gateway.http;

import io.javalin.http.Context;
import io.moonlight.core.MoonlightException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A request's query parameters, read as strictly as its body: an unknown or repeated parameter, or a
 * value of the wrong form, is a bad-input error naming it.
 */
public final class QueryParams {
    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The request's parameters, refused when one is not among {@code known}. */
    public static QueryParams only(Context ctx, String... known) {
        Map<String, List<String>> params = ctx.queryParamMap();
        Set<String> allowed = Set.of(known);
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!allowed.contains(param.getKey())) {
                throw MoonlightException.badInput("unknown query parameter '" + param.getKey() + "'",
                        "known: " + String.join(", ", known));
            }
            if (param.getValue().size() > 1) {
                throw MoonlightException.badInput("query parameter '" + param.getKey() + "' is given twice",
                        "give it once");
            }
        }
        return new QueryParams(params);
    }

    /** The value as given, if given. */
    public Optional<String> text(String name) {
        return params.getOrDefault(name, List.of()).stream().findFirst();
    }

    /** A whole number, if given. */
    public OptionalInt number(String name) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.get()));
        } catch (NumberFormatException e) {
            throw MoonlightException.badInput("query parameter '" + name + "' must be a whole number, not '"
                    + value.get() + "'", "e.g. ?" + name + "=100");
        }
    }

    /** {@code true} or {@code false}; absent is false. */
    public boolean flag(String name) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MoonlightException.badInput("query parameter '" + name + "' must be true or false",
                    "e.g. ?" + name + "=true");
        };
    }
}
