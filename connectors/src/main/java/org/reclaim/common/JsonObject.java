package org.reclaim.common;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed, forgiving reads of one parsed JSON object: a missing member or JSON null is empty. */
public record JsonObject(Map<String, Object> members) {

    public static JsonObject parse(String text) {
        return new JsonObject(Json.parseObject(text));
    }

    public Optional<String> string(String name) {
        Object v = members.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return s.isBlank() ? Optional.empty() : Optional.of(s);
        if (v instanceof BigDecimal d) return Optional.of(d.toPlainString());
        if (v instanceof Boolean b) return Optional.of(b.toString());
        throw new Json.JsonException("member '" + name + "' is not a string");
    }

    public Optional<BigDecimal> decimal(String name) {
        Object v = members.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof BigDecimal d) return Optional.of(d);
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Optional.of(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                throw new Json.JsonException("member '" + name + "' is not a number: " + s);
            }
        }
        if (v instanceof String) return Optional.empty();
        throw new Json.JsonException("member '" + name + "' is not a number");
    }

    @SuppressWarnings("unchecked")
    public List<JsonObject> objects(String name) {
        Object v = members.get(name);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list))
            throw new Json.JsonException("member '" + name + "' is not a list");
        return list.stream()
                .map(
                        item -> {
                            if (!(item instanceof Map))
                                throw new Json.JsonException(
                                        "member '" + name + "' holds a non-object");
                            return new JsonObject((Map<String, Object>) item);
                        })
                .toList();
    }
}
