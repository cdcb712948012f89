package io.multivector.devstack;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

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

    /** @param seed the seed of the test's random batches, named in every failure */
    public KeptAnswerOracle(String test, long seed) {
        this.test = test;
        this.seed = seed;
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
    public void assertBothExercised() {
        System.out.printf("%s: %d of %d answers served kept, %d computed again after a batch%n", test, served, asked, recomputed);
        assertThat(served).as("answers served kept (seed %d)", seed).isGreaterThan(asked / 20);
        assertThat(recomputed).as("answers computed again after a batch reached them (seed %d)", seed).isGreaterThan(asked / 20);
    }

    private static String withoutKnownAt(String answer) {
        return answer.replaceAll("\"knownAt\":\"[^\"]*\",?", "");
    }
}
