package io.multivector.events.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.PartialDate;

import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of a record on the wire, read off its components and their annotations: a JSON object
 * with exactly those properties. Built once per record class.
 */
public record RecordShape(Class<? extends Record> type, List<Property> properties) implements ValueShape {

    public static final int DEFAULT_MAX_LENGTH = 1000;
    private static final Map<Class<?>, RecordShape> CACHE = new ConcurrentHashMap<>();

    public record Property(String name, boolean required, ValueShape shape) {
    }

    /** The shape of a record class (the catalogue's data records are all records). */
    @SuppressWarnings("unchecked")
    public static RecordShape of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        // Not computeIfAbsent: building a shape recurses into nested records (e.g. Source),
        // and a ConcurrentHashMap must not be updated from inside its own mapping function.
        RecordShape known = CACHE.get(type);
        if (known != null) {
            return known;
        }
        RecordShape built = build((Class<? extends Record>) type);
        RecordShape raced = CACHE.putIfAbsent(type, built);
        return raced != null ? raced : built;
    }

    private static RecordShape build(Class<? extends Record> type) {
        List<Property> props = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            props.add(new Property(c.getName(), !c.isAnnotationPresent(OptionalField.class),
                    shapeOf(c.getGenericType(), c)));
        }
        return new RecordShape(type, List.copyOf(props));
    }

    private static ValueShape shapeOf(Type type, RecordComponent c) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Items items = c.getAnnotation(Items.class);
            return new ValueShape.ListOf(shapeOf(p.getActualTypeArguments()[0], c),
                    items == null ? 0 : items.min(), items != null && items.unique());
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            Matches m = c.getAnnotation(Matches.class);
            MaxLength max = c.getAnnotation(MaxLength.class);
            return new ValueShape.Text(m == null ? null : m.regex(), m == null ? null : m.description(),
                    max == null ? DEFAULT_MAX_LENGTH : max.value(), c.isAnnotationPresent(ActorCode.class));
        }
        if (raw == PartialDate.class) {
            return c.isAnnotationPresent(PeriodOnly.class) ? ValueShape.Date.PERIOD
                    : c.isAnnotationPresent(DayOnly.class) ? ValueShape.Date.DAY : ValueShape.Date.ANY;
        }
        if (raw == Integer.class || raw == Long.class || raw == java.math.BigDecimal.class) {
            // The field's type bounds every number: an int field cannot hold 3000000000, and the
            // schema must say so rather than admit what the codec cannot map.
            BigDecimal typeMin = raw == Integer.class ? BigDecimal.valueOf(Integer.MIN_VALUE)
                    : raw == Long.class ? BigDecimal.valueOf(Long.MIN_VALUE) : ValueShape.Number.LIMIT.negate();
            BigDecimal typeMax = raw == Integer.class ? BigDecimal.valueOf(Integer.MAX_VALUE)
                    : raw == Long.class ? BigDecimal.valueOf(Long.MAX_VALUE) : ValueShape.Number.LIMIT;
            Bounds b = c.getAnnotation(Bounds.class);
            boolean hasMin = b != null && !Double.isNaN(b.min());
            boolean hasMax = b != null && !Double.isNaN(b.max());
            return new ValueShape.Number(raw != BigDecimal.class,
                    hasMin ? BigDecimal.valueOf(b.min()).max(typeMin) : typeMin,
                    hasMax ? BigDecimal.valueOf(b.max()).min(typeMax) : typeMax,
                    hasMin && b.exclusiveMin());
        }
        if (raw == Boolean.class) {
            return new ValueShape.Bool();
        }
        if (raw.isEnum() && WireEnum.class.isAssignableFrom(raw)) {
            return new ValueShape.Choice(Arrays.stream(raw.getEnumConstants())
                    .map(e -> ((WireEnum) e).wireName()).toList());
        }
        if (raw.isRecord()) {
            return of(raw);
        }
        throw new IllegalStateException("no wire shape for " + type + " in " + c.getDeclaringRecord().getSimpleName());
    }

    @Override
    public void check(JsonNode value, String pointer, ShapeCheck check) {
        if (!value.isObject()) {
            check.fail(pointer, "must be an object");
            return;
        }
        for (Property p : properties) {
            JsonNode v = value.get(p.name());
            if (v == null || v.isNull()) {
                if (p.required()) {
                    check.fail(pointer + "/" + p.name(), "is required");
                } else if (v != null) {
                    check.fail(pointer + "/" + p.name(), "must be omitted rather than null");
                }
                continue;
            }
            p.shape().check(v, pointer + "/" + p.name(), check);
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (properties.stream().noneMatch(p -> p.name().equals(name))) {
                check.fail(pointer + "/" + escape(name), "is not a field of " + type.getSimpleName());
            }
        }
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        String t = token.length() > 80 ? token.substring(0, 80) : token;
        return t.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public ObjectNode schema(ObjectNode into) {
        into.put("type", "object");
        ObjectNode props = into.putObject("properties");
        var required = JsonNodeFactory.instance.arrayNode();
        for (Property p : properties) {
            p.shape().schema(props.putObject(p.name()));
            if (p.required()) {
                required.add(p.name());
            }
        }
        into.set("required", required);
        into.put("additionalProperties", false);
        return into;
    }
}
