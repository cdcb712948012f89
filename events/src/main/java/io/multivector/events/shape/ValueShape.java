package io.multivector.events.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.CompiledPatterns;

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
            } else if (!wellFormed(s)) {
                check.fail(pointer, "must be well-formed Unicode text (it holds an unpaired surrogate)");
            } else if (characters(s) > maxLength) {
                check.fail(pointer, "must be at most " + maxLength + " characters (got " + characters(s) + ")");
            } else if (actorCode) {
                if (!CompiledPatterns.matches(ACTOR_PATTERN, s)) {
                    check.fail(pointer, "'" + ShapeCheck.clip(s) + "' is not an actor code (ISO 3166-1 alpha-2 or an upper-case organisation code)");
                } else if (!check.reference().isKnown(s)) {
                    check.fail(pointer, "unknown actor code '" + s + "'");
                }
            } else if (regex != null && !CompiledPatterns.matches(regex, s)) {
                check.fail(pointer, "'" + ShapeCheck.clip(s) + "' " + description);
            }
        }

        /**
         * Length as JSON Schema counts it: in Unicode code points, not UTF-16 units, so that a
         * string of emoji is as long for the codec as for the published schema.
         */
        static boolean wellFormed(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        static int characters(String s) {
            return s.codePointCount(0, s.length());
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

    /** A date; {@code precisionText} (null for any precision) says what {@code pattern} demands beyond a date. */
    record Date(String pattern, String precisionText) implements ValueShape {
        static final Date ANY = new Date(io.multivector.events.PartialDate.PATTERN, null);
        static final Date PERIOD = new Date(io.multivector.events.PartialDate.PERIOD_PATTERN, "is not a period: YYYY or YYYY-MM");
        static final Date DAY = new Date(io.multivector.events.PartialDate.DAY_PATTERN, "is not a day: YYYY-MM-DD");

        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isTextual()) {
                check.fail(pointer, "must be a date string (YYYY, YYYY-MM or YYYY-MM-DD)");
                return;
            }
            String s = value.textValue();
            if (precisionText != null && !CompiledPatterns.matches(pattern, s)) {
                check.fail(pointer, "'" + ShapeCheck.clip(s) + "' " + precisionText);
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
            return into.put("type", "string").put("pattern", pattern);
        }
    }

    /**
     * A number within {@code [min, max]} (or {@code (min, max]}), compared exactly as decimals, as
     * JSON Schema compares them. Both bounds are always set: the type's range for integers, and
     * for decimals {@link #LIMIT}, so that no number the schema admits breaks the codec (an int
     * that overflows its field, or an exponent that makes arithmetic on it costly). An integer is
     * any number with no fractional part, {@code 1.0} and {@code 1e2} included, as in JSON Schema.
     */
    record Number(boolean integer, java.math.BigDecimal min, java.math.BigDecimal max, boolean exclusiveMin)
            implements ValueShape {

        /** No decimal in an event is larger in magnitude than the largest double. */
        static final java.math.BigDecimal LIMIT = java.math.BigDecimal.valueOf(Double.MAX_VALUE);
        static final int MAX_DECIMALS = 100;

        @Override
        public void check(JsonNode value, String pointer, ShapeCheck check) {
            if (!value.isNumber() || (value.isFloatingPointNumber() && !value.isBigDecimal()
                    && !Double.isFinite(value.doubleValue()))) {
                check.fail(pointer, integer ? "must be an integer" : "must be a number");
                return;
            }
            java.math.BigDecimal d = value.decimalValue();
            // Range first: it is cheap even for 1e999999999, and bounds the work of what follows.
            if (exclusiveMin ? d.compareTo(min) <= 0 : d.compareTo(min) < 0) {
                check.fail(pointer, "must be " + (exclusiveMin ? "greater than " : "at least ") + plain(min));
            } else if (d.compareTo(max) > 0) {
                check.fail(pointer, "must be at most " + plain(max));
            } else if (integer && d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                check.fail(pointer, "must be an integer");
            } else if (d.signum() != 0 && d.stripTrailingZeros().scale() > MAX_DECIMALS) {
                // 1e-999999999 is in range but cannot be written back as plain JSON
                check.fail(pointer, "must have at most " + MAX_DECIMALS + " decimal places");
            }
        }

        private static String plain(java.math.BigDecimal d) {
            java.math.BigDecimal s = d.stripTrailingZeros();
            return s.abs().compareTo(java.math.BigDecimal.valueOf(1_000_000_000_000_000_000L)) < 0
                    ? s.toPlainString() : s.toString();
        }

        @Override
        public ObjectNode schema(ObjectNode into) {
            into.put("type", integer ? "integer" : "number");
            into.put(exclusiveMin ? "exclusiveMinimum" : "minimum", normal(min));
            into.put("maximum", normal(max));
            return into;
        }

        private static java.math.BigDecimal normal(java.math.BigDecimal d) {
            java.math.BigDecimal s = d.stripTrailingZeros();
            return s.scale() < 0 && s.precision() - s.scale() <= 19 ? s.setScale(0) : s;
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
