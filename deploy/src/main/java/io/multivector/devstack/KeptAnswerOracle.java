package io.multivector.devstack;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.Random;
import java.util.function.IntConsumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The oracle of the services' kept-answer property tests: a read asked as a client asks it (an answer kept from before
 * later batches may serve it) equals the same read asked with a query no one asked before (computed afresh). Counts how
 * often each happened, so a test can show that both were exercised.
 */
public final class KeptAnswerOracle {

    private final String test;
    private final long seed;
    private int asked;
    private int served;
    /** Answers computed again after the first round: a batch since had reached them. */
    private int recomputed;
    private final Random random;

    /** A new seed for the test's random batches ({@link #random}), printed and named in every failure. */
    public KeptAnswerOracle(String test) {
        this.test = test;
        this.seed = System.nanoTime();
        this.random = new Random(seed);
    }

    /** The test's randomness, from the seed its failures name. */
    public Random random() {
        return random;
    }

    /**
     * {@code rounds} rounds, each of a batch of events ({@code batch}), awaited ({@code caughtUp}), then every question
     * asked ({@code ask}, given the round, which calls {@link #compare}); then {@link #assertBothExercised}.
     */
    public void rounds(int rounds, Runnable batch, Runnable caughtUp, IntConsumer ask) {
        System.out.println(test + " seed " + seed);
        for (int round = 0; round < rounds; round++) {
            batch.run();
            caughtUp.run();
            ask.accept(round);
        }
        assertBothExercised();
    }

    /** Asks {@code path?query} as a client would, then with a query of this round alone: the same answer. */
    public void compare(int round, String path, String query) {
        ExtractableResponse<Response> maybeKept = given().urlEncodingEnabled(false).get(path + "?" + query).then().statusCode(200).extract();
        String fresh = given().urlEncodingEnabled(false).get(path + "?" + query + "&round=" + round).then().statusCode(200)
                .header("Cache-Status", equalTo("multivector; fwd=miss; stored")).extract().asString();
        asked++;
        if ("multivector; hit".equals(maybeKept.header("Cache-Status"))) {
            served++;
        } else if (round > 0) {
            recomputed++;
        }
        assertThat(withoutKnownAt(maybeKept.asString())).as("%s?%s in round %d (seed %d, %s)", path, query, round, seed,
                maybeKept.header("Cache-Status")).isEqualTo(withoutKnownAt(fresh));
    }

    /** The property is only tested if answers were served kept after batches, and computed again after others. */
    private void assertBothExercised() {
        System.out.printf("%s: %d of %d answers served kept, %d computed again after a batch%n", test, served, asked, recomputed);
        assertThat(served).as("answers served kept (seed %d)", seed).isGreaterThan(asked / 20);
        assertThat(recomputed).as("answers computed again after a batch reached them (seed %d)", seed).isGreaterThan(asked / 20);
    }

    private static String withoutKnownAt(String answer) {
        return answer.replaceAll("\"knownAt\":\"[^\"]*\",?", "");
    }
}
