package io.multivector.events.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one JSON value of an event must look like. The same shape both checks a value (naming the
 * failing place by JSON pointer) and writes the equivalent JSON Schema, so the two cannot drift.
 */
sealed interface ValueShape permits ValueShape.Text, ValueShape.Date, ValueShape.Number, ValueShape.Bool,
        ValueShape.Choice, ValueShape.ListOf, RecordShape {

    void check(JsonNode value, String pointer, ShapeCheck check);

    ObjectNode schema(ObjectNode into);

    record Text(String regex, String description, int maxLength, boolean actorCode) implements ValueShape {
        private static final String ACTOR_PATTERN = "^[A-Z][A-Z0-9]{1,15}$";

        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isTextual()) {
                check.fail(pointer, "must be a string");
                return;
            }
            String s = value.textValue();
            if (s.isEmpty()) {
                check.fail(pointer, "must not be empty");
            } else if (s.length() > maxLength) {
                check.fail(pointer, "must be at most " + maxLength + " characters (got " + s.length() + ")");
            } else if (actorCode) {
                if (!s.matches(ACTOR_PATTERN)) {
                    check.fail(pointer, "'" + ShapeCheck.clip(s) + "' is not an actor code (ISO 3166-1 alpha-2 or an upper-case organisation code)");
                } else if (!check.reference().isKnown(s)) {
                    check.fail(pointer, "unknown actor code '" + s + "'");
                }
            } else if (regex != null && !s.matches(regex)) {
                check.fail(pointer, "'" + ShapeCheck.clip(s) + "' " + description);
            }
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            into.put("type", "string").put("minLength", 1).put("maxLength", maxLength);
            if (actorCode) {
                into.put("pattern", ACTOR_PATTERN);
            } else if (regex != null) {
                into.put("pattern", regex);
            }
            return into;
        }
    }

    record Date(boolean periodOnly) implements ValueShape {
        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isTextual()) {
                check.fail(pointer, "must be a date string (YYYY, YYYY-MM or YYYY-MM-DD)");
                return;
            }
            String s = value.textValue();
            if (periodOnly && !s.matches(io.multivector.events.PartialDate.PERIOD_PATTERN)) {
                check.fail(pointer, "'" + ShapeCheck.clip(s) + "' is not a period: YYYY or YYYY-MM");
                return;
            }
            try {
                io.multivector.events.PartialDate.parse(s);
            } catch (IllegalArgumentException e) {
                check.fail(pointer, ShapeCheck.clip(e.getMessage()));
            }
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            return into.put("type", "string").put("pattern", periodOnly
                    ? io.multivector.events.PartialDate.PERIOD_PATTERN
                    : io.multivector.events.PartialDate.PATTERN);
        }
    }

    record Number(boolean integer, double min, double max, boolean exclusiveMin) implements ValueShape {
        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isNumber() || (integer && !value.isIntegralNumber())) {
                check.fail(pointer, integer ? "must be an integer" : "must be a number");
                return;
            }
            if (integer && !value.canConvertToLong()) {
                check.fail(pointer, "is too large");
                return;
            }
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                check.fail(pointer, "must be a finite number");
            } else if (!Double.isNaN(min) && (exclusiveMin ? d <= min : d < min)) {
                check.fail(pointer, "must be " + (exclusiveMin ? "greater than " : "at least ") + plain(min));
            } else if (!Double.isNaN(max) && d > max) {
                check.fail(pointer, "must be at most " + plain(max));
            }
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            into.put("type", integer ? "integer" : "number");
            if (!Double.isNaN(min)) {
                into.put(exclusiveMin ? "exclusiveMinimum" : "minimum", min);
            }
            if (!Double.isNaN(max)) {
                into.put("maximum", max);
            }
            return into;
        }
    }

    record Bool() implements ValueShape {
        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isBoolean()) {
                check.fail(pointer, "must be true or false");
            }
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            return into.put("type", "boolean");
        }
    }

    record Choice(java.util.List<String> values) implements ValueShape {
        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isTextual() || !values.contains(value.textValue())) {
                check.fail(pointer, "must be one of " + String.join(", ", values)
                        + (value.isTextual() ? " (got '" + ShapeCheck.clip(value.textValue()) + "')" : ""));
            }
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            into.put("type", "string");
            values.forEach(into.putArray("enum")::add);
            return into;
        }
    }

    record ListOf(ValueShape items, int minItems, boolean unique) implements ValueShape {
        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isArray()) {
                check.fail(pointer, "must be an array");
                return;
            }
            if (value.size() < minItems) {
                check.fail(pointer, "must have at least " + minItems + (minItems == 1 ? " item" : " items"));
            }
            if (value.size() > ShapeCheck.MAX_ITEMS) {
                check.fail(pointer, "must have at most " + ShapeCheck.MAX_ITEMS + " items");
                return;
            }
            java.util.Set<JsonNode> seen = new java.util.HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                items.check(item, pointer + "/" + i, check);
                if (unique && !seen.add(item)) {
                    check.fail(pointer + "/" + i, "repeats an earlier item");
                }
            }
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            into.put("type", "array");
            items.schema(into.putObject("items"));
            if (minItems > 0) {
                into.put("minItems", minItems);
            }
            into.put("maxItems", ShapeCheck.MAX_ITEMS);
            if (unique) {
                into.put("uniqueItems", true);
            }
            return into;
        }
    }
}
