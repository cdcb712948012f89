package io.multivector.platform.rest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.ProblemException;

import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing (Jazzer) of the query-parameter parsers every service uses: any text either
 * parses or is a 400 problem that names the parameter ({@code /query/<name>} or {@code /path/<name>});
 * nothing else escapes, and what parses is what the text said.
 */
class QueryParametersFuzzTests {

    private static final ReferenceData REFERENCE = ReferenceData.bundled();

    private static <T> T parsedOr400(String parameter, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ProblemException e) {
            if (e.problem().status() != 400) {
                throw new AssertionError(parameter + ": a " + e.problem().status() + " instead of a 400", e);
            }
            boolean named = e.problem().errors().stream().anyMatch(v -> v.pointer().equals("/query/" + parameter)
                    || v.pointer().equals("/path/" + parameter));
            if (!named) {
                throw new AssertionError(parameter + ": the problem does not name it: " + e.problem().errors(), e);
            }
            return null;
        }
    }

    @FuzzTest(maxDuration = "30s")
    void everyTextParsesOrIsA400NamingItsParameter(FuzzedDataProvider data) {
        String a = data.consumeString(40);
        String b = data.consumeString(40);
        int max = data.consumeInt(1, 10_000);
        LocalDate from = parsedOr400("from", () -> QueryParameters.startOf("from", a));
        LocalDate to = parsedOr400("to", () -> QueryParameters.endOf("to", b));
        if (from != null && to != null) {
            parsedOr400("to", () -> {
                QueryParameters.checkRange(from, to);
                return to;
            });
        }
        if (from != null && from.isAfter(QueryParameters.endOf("from", a))) {
            throw new AssertionError("'" + a + "' starts after it ends");
        }
        parsedOr400("asOf", () -> QueryParameters.asOf(a));
        Integer limit = parsedOr400("limit", () -> QueryParameters.limit(a, max));
        if (limit != null && (limit < 1 || limit > max)) {
            throw new AssertionError("limit " + limit + " outside 1.." + max);
        }
        parsedOr400("n", () -> QueryParameters.integer("n", a));
        Long after = parsedOr400("after", () -> QueryParameters.after(a));
        if (after != null && after < 0) {
            throw new AssertionError("a negative cursor " + after);
        }
        String actor = parsedOr400("actor", () -> QueryParameters.actor("query", "actor", a, REFERENCE));
        if (actor != null && !REFERENCE.isKnown(actor)) {
            throw new AssertionError("an unknown actor accepted: " + actor);
        }
        parsedOr400("code", () -> QueryParameters.actor("path", "code", b, REFERENCE));
    }
}
