package io.multivector.relations.readmodel;

import io.multivector.devstack.DevInfrastructureTestResource;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.reference.Bloc;
import io.multivector.events.reference.ReferenceData;
import io.multivector.relations.Rebuild;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The running totals against the straightforward computation they replaced, kept here as the oracle: random
 * events of every weighted type (treaties terminated whole or by one party, memberships left and rejoined,
 * retractions of every kind, one arriving before its event) go onto the topics keyed by stream, so Kafka
 * interleaves the partitions as it likes and batches come in whatever sizes polling gives; every dyad (at
 * random dates and half-lives), partner ranking, balance window and series must equal the oracle's sum over
 * the events one by one, and a rebuild (other batch sizes) must give the same checksum.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class RunningTotalsPropertyTests {

    /** Actors no other test of this service uses, and organisations whose blocs split. */
    private static final List<String> STATES = List.of("FJ", "TO", "WS", "VU", "KI");
    private static final List<String> ACTORS = List.of("FJ", "TO", "WS", "VU", "KI", "SCO", "EU", "OTS");
    private static final Map<String, Double> WEIGHTS = Map.ofEntries(Map.entry("treaty.signed", 8.0),
            Map.entry("treaty.terminated", -4.0), Map.entry("membership.joined", 5.0), Map.entry("visit.made", 2.8),
            Map.entry("summit.held", 2.5), Map.entry("mediation.hosted", 2.5), Map.entry("statement.made.supportive", 3.5),
            Map.entry("statement.made.critical", -2.0), Map.entry("statement.made.threatening", -4.4),
            Map.entry("sanctions.imposed", -8.0), Map.entry("sanctions.lifted", 5.0), Map.entry("aid.provided", 7.4),
            Map.entry("exercise.held", 7.4), Map.entry("cooperation.reported", 6.0));
    /** multivector.relations.weights.interaction-coded, as the test profile sets it (not the default 1.0, so the factor counts). */
    private static final double INTERACTION_FACTOR = 1.5;
    private static final int HALF_LIFE = 730;
    private static final String SRC = "\"sources\":[{\"ref\":\"property test\"}]";

    /** One dyadic contribution, as DESIGN §4 defines it. */
    record Contribution(UUID event, String a, String b, LocalDate day, String type, double weight) {
    }

    record Signing(UUID id, List<String> parties, String stream) {
    }

    record Termination(UUID id, String treatyId, String party, LocalDate day) {
    }

    /** A membership change or an assumption of office, in the order published (the sequence order). */
    record Change(UUID id, long order, String key, boolean joined, LocalDate day, String dayText, LocalDate until, String untilText,
                  String person) {
    }

    /** Where an event went, so that its retraction follows it. */
    record Placed(String topic, String stream) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = EventCodec.bundled();
    private final ReferenceData reference = ReferenceData.bundled();
    private final Map<UUID, List<Contribution>> direct = new LinkedHashMap<>();
    private final Map<String, Signing> signings = new LinkedHashMap<>();
    private final Map<UUID, Termination> terminations = new LinkedHashMap<>();
    private final Map<UUID, Placed> placed = new LinkedHashMap<>();
    private final Set<UUID> retracted = new HashSet<>();
    private final Map<String, List<Change>> memberships = new TreeMap<>();
    private final Map<String, List<Change>> offices = new TreeMap<>();
    private long published;
    private Random random;
    private TopicFeed feed;

    static {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void everyAnswerEqualsTheSumOverEventsOneByOne() throws Exception {
        long seed = System.nanoTime();
        random = new Random(seed);
        System.out.println("RunningTotalsPropertyTests seed " + seed);
        io.restassured.RestAssured.filters((request, response, context) -> {
            io.restassured.response.Response r = context.next(request, response);
            java.net.URI uri = java.net.URI.create(request.getURI());
            if ("GET".equals(request.getMethod()) && r.statusCode() == 200 && !uri.getRawPath().startsWith("/admin")
                    && uri.getRawQuery() != null && !uri.getRawQuery().contains("knownAt=")) {
                answered.put(uri.getRawPath() + "?" + uri.getRawQuery(), r.asString());
            }
            return r;
        });
        try (TopicFeed f = new TopicFeed(bootstrap)) {
            feed = f;
            for (int i = 0; i < 120; i++) {
                publishRandom(null);
            }
            answered.clear();
            compareAll(seed);
            // every answer so far, to be asked again as known at this moment once more events and retractions are in
            Map<String, String> firstAnswers = new LinkedHashMap<>(answered);
            answered.clear();
            Instant firstKnown = Instant.now();
            // retractions of every kind, one that arrives before its event, and more events on top
            List<UUID> ids = new ArrayList<>(placed.keySet());
            for (int i = 0; i < 25; i++) {
                retract(ids.get(random.nextInt(ids.size())));
            }
            signings.values().stream().filter(s -> terminations.values().stream().anyMatch(t -> signingOf(t) == s))
                    .findFirst().ifPresent(s -> retract(s.id()));
            UUID early = UUID.randomUUID();
            String visit = visit(early, "FJ", "TO", "2016-03-04");
            String stream = CatalogueRules.streamOf(codec.decode(visit.getBytes(StandardCharsets.UTF_8)).data()).orElseThrow();
            placed.put(early, new Placed("geo.diplomacy.v1", stream));
            retract(early);
            caughtUp(); // the retraction applied in a batch of its own: the event finds it in the table, not in its batch
            feed.publish(visit);
            for (int i = 0; i < 40; i++) {
                publishRandom(null);
            }
            compareAll(seed);
            knownAtAnswersAsGivenThen(firstAnswers, firstKnown);
            rebuildKeepsTheChecksum();
            knownAtAnswersAsGivenThen(firstAnswers, firstKnown);
        } finally {
            io.restassured.RestAssured.replaceFiltersWith(List.of());
        }
    }

    /** The answers of each GET, by its path and query, while comparing: what asking again as known at then must give. */
    private final Map<String, String> answered = new LinkedHashMap<>();

    /**
     * Asks every earlier question again as known at the moment after it was answered (events and retractions recorded
     * since must not count) and expects the same answer: the per-event rows as known then against the running totals
     * and derived periods as they were then.
     */
    private static void knownAtAnswersAsGivenThen(Map<String, String> answers, Instant knownAt) {
        assertThat(answers).hasSizeGreaterThan(50);
        answers.forEach((uri, answer) -> {
            String again = given().urlEncodingEnabled(false).get(uri + "&knownAt=" + knownAt).then().statusCode(200).extract().asString();
            assertThat(withoutKnownAt(again)).as("%s as known at %s", uri, knownAt).isEqualTo(withoutKnownAt(answer));
        });
    }

    private static String withoutKnownAt(String answer) {
        return answer.replaceFirst("\"knownAt\":\"[^\"]*\",?", "");
    }

    private void compareAll(long seed) {
        caughtUp();
        List<Contribution> all = contributions();
        for (int i = 0; i < 40; i++) {
            String a = STATES.get(random.nextInt(STATES.size()));
            String b = other(a);
            LocalDate asOf = day(2008, 2023);
            Integer halfLife = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> 365;
                default -> 1 + random.nextInt(3000);
            };
            compareDyad(seed, all, a, b, asOf, halfLife);
        }
        for (String actor : STATES) {
            comparePartners(seed, all, actor, day(2008, 2023));
            LocalDate from = day(2008, 2022);
            compareBalance(seed, all, actor, from, from.plusDays(random.nextInt(3000)));
            // a window holding the whole decade of 2010 and a random stretch after it: the balance reads it by whole years
            // (its totals keep no decade rows, as its series is by year), then months and days
            compareBalance(seed, all, actor, LocalDate.of(2010, 1, 1), day(2020, 2023));
            compareSeries(seed, all, actor, other(actor), random.nextBoolean());
            comparePeriods(seed, actor, day(2008, 2023));
        }
    }

    private void compareDyad(long seed, List<Contribution> all, String a, String b, LocalDate asOf, Integer halfLife) {
        var request = given().queryParam("asOf", asOf.toString());
        if (halfLife != null) {
            request.queryParam("halfLifeDays", halfLife);
        }
        JsonPath answer = request.get("/relations/" + a + "/" + b).then().statusCode(200).extract().jsonPath();
        int h = halfLife == null ? HALF_LIFE : halfLife;
        double cooperation = 0;
        double conflict = 0;
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<UUID>> events = new TreeMap<>();
        for (Contribution c : all) {
            if (c.a().equals(min(a, b)) && c.b().equals(max(a, b)) && !c.day().isAfter(asOf)) {
                double d = c.weight() * Math.pow(2, -(double) ChronoUnit.DAYS.between(c.day(), asOf) / h);
                if (d > 0) {
                    cooperation += d;
                } else {
                    conflict += d;
                }
                events.computeIfAbsent(c.type(), t -> new HashSet<>()).add(c.event());
            }
        }
        events.forEach((t, e) -> counts.put(t, e.size()));
        String what = "seed " + seed + ": " + a + "-" + b + " as of " + asOf + " half-life " + halfLife;
        assertThat(answer.getDouble("cooperation")).as(what).isCloseTo(cooperation, within(2e-4));
        assertThat(answer.getDouble("conflict")).as(what).isCloseTo(conflict, within(2e-4));
        assertThat(answer.getDouble("score")).as(what).isCloseTo(cooperation + conflict, within(2e-4));
        assertThat(new TreeMap<>(answer.getMap("counts", String.class, Integer.class))).as(what).isEqualTo(counts);
        List<String> inForce = new ArrayList<>();
        signings.entrySet().stream()
                .filter(e -> !retracted.contains(e.getValue().id()) && e.getValue().parties().containsAll(List.of(a, b)))
                .filter(e -> !signedOn(e.getValue()).isAfter(asOf))
                .filter(e -> terminations.values().stream().noneMatch(t -> t.treatyId().equals(e.getKey()) && !retracted.contains(t.id())
                        && !t.day().isAfter(asOf) && (t.party() == null || t.party().equals(a) || t.party().equals(b))))
                .sorted(java.util.Comparator.comparing((Map.Entry<String, Signing> e) -> signedOn(e.getValue())).thenComparing(Map.Entry::getKey))
                .forEach(e -> inForce.add(e.getKey()));
        assertThat(answer.getList("treatiesInForce.treatyId", String.class)).as(what + ": treaties in force").isEqualTo(inForce);
        Set<String> shared = new java.util.TreeSet<>();
        membershipsOn(a, asOf).forEach(m -> shared.add(m.split(" ")[0]));
        shared.retainAll(membershipsOn(b, asOf).stream().map(m -> m.split(" ")[0]).toList());
        assertThat(answer.getList("sharedMemberships", String.class)).as(what + ": shared memberships").containsExactlyElementsOf(shared);
    }

    private LocalDate signedOn(Signing s) {
        return direct.get(s.id()).getFirst().day();
    }

    /** The oracle's memberships of {@code actor} on a day, "organization role from until": its changes replayed in date order. */
    private List<String> membershipsOn(String actor, LocalDate asOf) {
        List<String> expected = new ArrayList<>();
        memberships.forEach((key, changes) -> {
            String[] k = key.split("\\|");
            if (!k[0].equals(actor)) {
                return;
            }
            List<Change> sorted = changes.stream().filter(c -> !retracted.contains(c.id()))
                    .sorted(java.util.Comparator.comparing(Change::day).thenComparingLong(Change::order)).toList();
            Change open = null;
            List<String[]> periods = new ArrayList<>();
            for (Change c : sorted) {
                if (c.joined()) {
                    if (open == null) {
                        open = c;
                    } else if (open.until() != null && open.until().isBefore(c.day())) {
                        periods.add(period(open, null));
                        open = c;
                    }
                } else if (open != null) {
                    periods.add(period(open, c));
                    open = null;
                }
            }
            if (open != null) {
                periods.add(period(open, null));
            }
            for (String[] p : periods) {
                LocalDate start = LocalDate.parse(p[0]);
                if (!start.isAfter(asOf) && (p[1] == null || asOf.isBefore(LocalDate.parse(p[1])))) {
                    expected.add(k[1] + " " + k[2] + " " + p[2] + " " + p[3]);
                }
            }
        });
        return expected.stream().sorted().toList();
    }

    /** Memberships and office-holders on a day, against the replay of each key's changes in date order. */
    private void comparePeriods(long seed, String actor, LocalDate asOf) {
        List<String> expected = membershipsOn(actor, asOf);
        JsonPath answer = given().queryParam("asOf", asOf.toString()).get("/actors/" + actor + "/memberships").then().statusCode(200)
                .extract().jsonPath();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < answer.getList("items").size(); i++) {
            got.add(answer.getString("items[" + i + "].organization") + " " + answer.getString("items[" + i + "].role") + " "
                    + answer.getString("items[" + i + "].from") + " " + answer.getString("items[" + i + "].until"));
        }
        String what = "seed " + seed + ": memberships of " + actor + " on " + asOf;
        assertThat(got).as(what).isEqualTo(expected);

        List<String> holders = new ArrayList<>();
        offices.forEach((key, terms) -> {
            String[] k = key.split("\\|");
            if (!k[0].equals(actor)) {
                return;
            }
            List<Change> sorted = terms.stream().filter(c -> !retracted.contains(c.id()))
                    .sorted(java.util.Comparator.comparing(Change::day).thenComparingLong(Change::order)).toList();
            for (int i = 0; i < sorted.size(); i++) {
                Change next = i + 1 < sorted.size() ? sorted.get(i + 1) : null;
                if (!sorted.get(i).day().isAfter(asOf) && (next == null || next.day().isAfter(asOf))) {
                    holders.add(k[1] + " " + sorted.get(i).person() + " " + sorted.get(i).dayText() + " " + (next == null ? null : next.dayText()));
                }
            }
        });
        JsonPath held = given().queryParam("asOf", asOf.toString()).get("/actors/" + actor + "/officeholders").then().statusCode(200)
                .extract().jsonPath();
        List<String> gotHolders = new ArrayList<>();
        for (int i = 0; i < held.getList("items").size(); i++) {
            gotHolders.add(held.getString("items[" + i + "].office") + " " + held.getString("items[" + i + "].person") + " "
                    + held.getString("items[" + i + "].from") + " " + held.getString("items[" + i + "].until"));
        }
        assertThat(gotHolders).as("seed " + seed + ": office-holders of " + actor + " on " + asOf).isEqualTo(holders);
    }

    /** start, end (exclusive), from and until as the answer shows them. */
    private static String[] period(Change joined, Change left) {
        LocalDate termEnd = joined.until() == null ? null : joined.until().plusDays(1);
        LocalDate leftOn = left == null ? null : left.day();
        LocalDate end = termEnd == null ? leftOn : leftOn == null ? termEnd : (leftOn.isBefore(termEnd) ? leftOn : termEnd);
        String until = end != null && end.equals(leftOn) ? left.dayText() : joined.untilText();
        return new String[]{joined.day().toString(), end == null ? null : end.toString(), joined.dayText(), until};
    }

    private void comparePartners(long seed, List<Contribution> all, String actor, LocalDate asOf) {
        Map<String, Double> expected = new TreeMap<>();
        for (Contribution c : all) {
            if ((c.a().equals(actor) || c.b().equals(actor)) && !c.day().isAfter(asOf)) {
                expected.merge(c.a().equals(actor) ? c.b() : c.a(),
                        c.weight() * Math.pow(2, -(double) ChronoUnit.DAYS.between(c.day(), asOf) / HALF_LIFE), Double::sum);
            }
        }
        JsonPath answer = given().queryParam("asOf", asOf.toString()).queryParam("limit", 500).get("/relations/" + actor)
                .then().statusCode(200).extract().jsonPath();
        List<String> partners = answer.getList("items.partner", String.class);
        List<Double> scores = answer.getList("items.score", Double.class);
        String what = "seed " + seed + ": partners of " + actor + " as of " + asOf;
        assertThat(new TreeSet<>(partners)).as(what).isEqualTo(expected.keySet());
        for (int i = 0; i < partners.size(); i++) {
            assertThat(scores.get(i)).as(what + " " + partners.get(i)).isCloseTo(expected.get(partners.get(i)), within(2e-4));
            if (i > 0) {
                assertThat(scores.get(i)).as(what + ": ranked").isLessThanOrEqualTo(scores.get(i - 1));
            }
        }
    }

    private void compareBalance(long seed, List<Contribution> all, String actor, LocalDate from, LocalDate to) {
        Map<String, Double> total = new TreeMap<>();
        Map<Integer, Map<String, Double>> byYear = new TreeMap<>();
        for (Contribution c : all) {
            if ((c.a().equals(actor) || c.b().equals(actor)) && c.weight() > 0 && !c.day().isBefore(from) && !c.day().isAfter(to)) {
                Map<Bloc, Double> blocs = reference.find(c.a().equals(actor) ? c.b() : c.a()).orElseThrow().blocs();
                blocs.forEach((bloc, share) -> {
                    total.merge(bloc.wireName(), c.weight() * share, Double::sum);
                    byYear.computeIfAbsent(c.day().getYear(), y -> new TreeMap<>()).merge(bloc.wireName(), c.weight() * share, Double::sum);
                });
            }
        }
        JsonPath answer = given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/actors/" + actor + "/balance").then().statusCode(200).extract().jsonPath();
        String what = "seed " + seed + ": balance of " + actor + " from " + from + " to " + to;
        assertShares(what, answer.getMap("shares", String.class, Double.class), total);
        assertThat(answer.getList("series.year", Integer.class)).as(what).containsExactlyElementsOf(byYear.keySet());
        List<Integer> years = answer.getList("series.year", Integer.class);
        for (int i = 0; i < years.size(); i++) {
            assertShares(what + " in " + years.get(i), answer.getMap("series[" + i + "].shares", String.class, Double.class),
                    byYear.get(years.get(i)));
        }
    }

    private static void assertShares(String what, Map<String, Double> shares, Map<String, Double> weights) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(new TreeSet<>(shares.keySet())).as(what).isEqualTo(weights.keySet());
        weights.forEach((bloc, w) -> assertThat(shares.get(bloc)).as(what + " " + bloc).isCloseTo(w / sum, within(2e-4)));
    }

    private void compareSeries(long seed, List<Contribution> all, String a, String b, boolean years) {
        LocalDate from = day(2009, 2020);
        LocalDate to = from.plusDays(random.nextInt(years ? 4000 : 900));
        JsonPath answer = given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("granularity", years ? "year" : "month").get("/relations/" + a + "/" + b + "/series")
                .then().statusCode(200).extract().jsonPath();
        List<String> periods = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        LocalDate start = years ? from.withDayOfYear(1) : from.withDayOfMonth(1);
        for (LocalDate p = start; !p.isAfter(to); p = years ? p.plusYears(1) : p.plusMonths(1)) {
            LocalDate end = years ? p.withMonth(12).withDayOfMonth(31) : YearMonth.from(p).atEndOfMonth();
            double cooperation = 0;
            double conflict = 0;
            Set<UUID> inPeriod = new HashSet<>();
            for (Contribution c : all) {
                if (c.a().equals(min(a, b)) && c.b().equals(max(a, b)) && !c.day().isAfter(end) && !c.day().isAfter(to)) {
                    double d = c.weight() * Math.pow(2, -(double) ChronoUnit.DAYS.between(c.day(), end) / HALF_LIFE);
                    if (d > 0) {
                        cooperation += d;
                    } else {
                        conflict += d;
                    }
                    if (!c.day().isBefore(p)) {
                        inPeriod.add(c.event());
                    }
                }
            }
            periods.add(years ? Integer.toString(p.getYear()) : YearMonth.from(p).toString());
            points.add(new double[]{cooperation + conflict, cooperation, conflict, inPeriod.size()});
        }
        String what = "seed " + seed + ": series " + a + "-" + b + " from " + from + " to " + to + (years ? " by year" : " by month");
        assertThat(answer.getList("items.period", String.class)).as(what).containsExactlyElementsOf(periods);
        for (int i = 0; i < points.size(); i++) {
            double[] e = points.get(i);
            String at = what + " at " + periods.get(i);
            assertThat(answer.getDouble("items[" + i + "].score")).as(at).isCloseTo(e[0], within(2e-4));
            assertThat(answer.getDouble("items[" + i + "].cooperation")).as(at).isCloseTo(e[1], within(2e-4));
            assertThat(answer.getDouble("items[" + i + "].conflict")).as(at).isCloseTo(e[2], within(2e-4));
            assertThat(answer.getInt("items[" + i + "].count")).as(at).isEqualTo((int) e[3]);
        }
    }

    /** What is known now, and every table's digest: the rows moved aside for retractions included. */
    private void rebuildKeepsTheChecksum() {
        Map<String, Object> before = checksums();
        Rebuild.ofRelations();
        caughtUp();
        assertThat(checksums()).isEqualTo(before);
    }

    // --- the oracle: what each event contributes, one by one ---

    /** Every contribution of the events not retracted; a termination's from its treaty's signing, if that stands. */
    private List<Contribution> contributions() {
        List<Contribution> out = new ArrayList<>();
        direct.forEach((id, list) -> {
            if (!retracted.contains(id)) {
                out.addAll(list);
            }
        });
        for (Termination t : terminations.values()) {
            Signing s = signingOf(t);
            if (retracted.contains(t.id()) || s == null || retracted.contains(s.id())) {
                continue;
            }
            List<String> parties = new ArrayList<>(new LinkedHashSet<>(s.parties()));
            for (int i = 0; i < parties.size(); i++) {
                for (int j = i + 1; j < parties.size(); j++) {
                    String x = parties.get(i);
                    String y = parties.get(j);
                    if (t.party() == null || t.party().equals(x) || t.party().equals(y)) {
                        out.add(new Contribution(t.id(), min(x, y), max(x, y), t.day(), "treaty.terminated", WEIGHTS.get("treaty.terminated")));
                    }
                }
            }
        }
        return out;
    }

    private Signing signingOf(Termination t) {
        return signings.get(t.treatyId());
    }

    private void publishRandom(UUID presetId) {
        UUID id = presetId != null ? presetId : UUID.randomUUID();
        String on = occurredOn();
        LocalDate day = firstDay(on);
        List<Contribution> list = new ArrayList<>();
        String json;
        switch (random.nextInt(14)) {
            case 0 -> {
                List<String> parties = distinct(2 + random.nextInt(2), ACTORS);
                String treatyId = "pt-" + id.toString().substring(0, 13);
                json = event(id, "treaty.signed", on, "\"treatyId\":\"" + treatyId + "\",\"title\":\"T\",\"kind\":\"cooperation\",\"parties\":"
                        + quoted(parties));
                pairs(list, id, parties, day, "treaty.signed", WEIGHTS.get("treaty.signed"));
                String stream = CatalogueRules.streamOf(codec.decode(json.getBytes(StandardCharsets.UTF_8)).data()).orElseThrow();
                signings.put(treatyId, new Signing(id, parties, stream));
            }
            case 1 -> {
                if (signings.isEmpty()) {
                    publishRandom(presetId);
                    return;
                }
                Signing s = new ArrayList<>(signings.values()).get(random.nextInt(signings.size()));
                String treatyId = signings.entrySet().stream().filter(e -> e.getValue() == s).findFirst().orElseThrow().getKey();
                String party = random.nextBoolean() ? null : s.parties().get(random.nextInt(s.parties().size()));
                json = event(id, "treaty.terminated", on, "\"treatyId\":\"" + treatyId + "\"" + (party == null ? "" : ",\"party\":\"" + party + "\""));
                terminations.put(id, new Termination(id, treatyId, party, day));
                direct.put(id, list);
                published++;
                placed.put(id, new Placed("geo.diplomacy.v1", s.stream()));
                feed.publish(json, "geo.diplomacy.v1", s.stream());
                return;
            }
            case 2 -> {
                String member = STATES.get(random.nextInt(STATES.size()));
                String org = List.of("SCO", "EU", "OTS").get(random.nextInt(3));
                String role = random.nextBoolean() ? "member" : "observer";
                boolean joined = random.nextInt(3) > 0;
                String until = joined && random.nextInt(3) == 0 ? Integer.toString(day.getYear() + random.nextInt(4)) : null;
                json = event(id, joined ? "membership.joined" : "membership.left", on,
                        "\"member\":\"" + member + "\",\"organization\":\"" + org + "\",\"role\":\"" + role + "\""
                                + (until == null ? "" : ",\"until\":\"" + until + "\""));
                if (joined) {
                    list.add(contribution(id, member, org, day, "membership.joined", WEIGHTS.get("membership.joined")));
                }
                memberships.computeIfAbsent(member + "|" + org + "|" + role, k -> new ArrayList<>()).add(new Change(id, published, null,
                        joined, day, on, until == null ? null : LocalDate.of(Integer.parseInt(until), 12, 31), until, null));
            }
            case 3 -> {
                if (random.nextInt(3) == 0) {
                    String country = STATES.get(random.nextInt(STATES.size()));
                    String office = random.nextBoolean() ? "president" : "prime-minister";
                    String person = "Person " + random.nextInt(1000);
                    json = event(id, "office.assumed", on, "\"country\":\"" + country + "\",\"office\":\"" + office
                            + "\",\"person\":\"" + person + "\"");
                    offices.computeIfAbsent(country + "|" + office, k -> new ArrayList<>())
                            .add(new Change(id, published, null, true, day, on, null, null, person));
                    break;
                }
                String a = STATES.get(random.nextInt(STATES.size()));
                String b = other(a);
                json = visit(id, a, b, on);
                list.add(contribution(id, a, b, day, "visit.made", WEIGHTS.get("visit.made")));
            }
            case 4 -> {
                String host = ACTORS.get(random.nextInt(ACTORS.size()));
                List<String> participants = distinct(2 + random.nextInt(2), ACTORS.stream().filter(x -> !x.equals(host)).toList());
                json = event(id, "summit.held", on, "\"host\":\"" + host + "\",\"participants\":" + quoted(participants) + ",\"title\":\"S\"");
                List<String> everyone = new ArrayList<>(List.of(host));
                everyone.addAll(participants);
                pairs(list, id, everyone, day, "summit.held", WEIGHTS.get("summit.held"));
            }
            case 5 -> {
                String host = STATES.get(random.nextInt(STATES.size()));
                List<String> parties = distinct(1 + random.nextInt(3), ACTORS.stream().filter(x -> !x.equals(host)).toList());
                json = event(id, "mediation.hosted", on, "\"host\":\"" + host + "\",\"parties\":" + quoted(parties) + ",\"topic\":\"m\"");
                for (String p : parties) {
                    if (!p.equals(host)) {
                        list.add(contribution(id, host, p, day, "mediation.hosted", WEIGHTS.get("mediation.hosted")));
                    }
                }
            }
            case 6 -> {
                String a = STATES.get(random.nextInt(STATES.size()));
                String b = other(a);
                String stance = List.of("supportive", "critical", "threatening").get(random.nextInt(3));
                json = event(id, "statement.made", on, "\"speaker\":\"" + a + "\",\"target\":\"" + b + "\",\"stance\":\"" + stance
                        + "\",\"summary\":\"s\"");
                list.add(contribution(id, a, b, day, "statement.made", WEIGHTS.get("statement.made." + stance)));
            }
            case 7, 8 -> {
                String type = random.nextBoolean() ? "sanctions.imposed" : "sanctions.lifted";
                String a = STATES.get(random.nextInt(STATES.size()));
                String b = other(a);
                json = event(id, type, on, "\"imposer\":\"" + a + "\",\"target\":\"" + b + "\",\"scope\":\"s\"");
                list.add(contribution(id, a, b, day, type, WEIGHTS.get(type)));
            }
            case 9 -> {
                String a = STATES.get(random.nextInt(STATES.size()));
                String b = other(a);
                json = event(id, "aid.provided", on, "\"donor\":\"" + a + "\",\"recipient\":\"" + b + "\",\"purpose\":\"p\"");
                list.add(contribution(id, a, b, day, "aid.provided", WEIGHTS.get("aid.provided")));
            }
            case 10 -> {
                List<String> participants = distinct(2 + random.nextInt(2), STATES);
                int count = 1 + random.nextInt(3);
                json = event(id, "exercise.held", on, "\"participants\":" + quoted(participants) + ",\"kind\":\"joint-military\",\"count\":" + count);
                pairs(list, id, participants, day, "exercise.held", WEIGHTS.get("exercise.held") * count);
            }
            case 11 -> {
                // machine-coded: known to the day, weighted by its own Goldstein value (one decimal, as GDELT gives it)
                String a = ACTORS.get(random.nextInt(ACTORS.size()));
                String b = other(a);
                String coded = day.toString();
                double goldstein = (random.nextInt(201) - 100) / 10.0;
                json = event(id, "interaction.coded", coded, "\"dataset\":\"gdelt-2.0\",\"datasetEventId\":\"" + id + "\",\"actor1\":\"" + a
                        + "\",\"actor2\":\"" + b + "\",\"cameoCode\":\"042\",\"quadClass\":1,\"goldstein\":" + goldstein,
                        "\"sources\":[{\"ref\":\"property test\",\"url\":\"https://example.org/a\"}]");
                list.add(contribution(id, a, b, day, "interaction.coded", goldstein * INTERACTION_FACTOR));
            }
            default -> {
                List<String> actors = distinct(2 + random.nextInt(2), ACTORS);
                json = event(id, "cooperation.reported", on, "\"actors\":" + quoted(actors) + ",\"domain\":\"economic\",\"summary\":\"c\"");
                pairs(list, id, actors, day, "cooperation.reported", WEIGHTS.get("cooperation.reported"));
            }
        }
        direct.put(id, list);
        published++;
        var event = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        placed.put(id, new Placed(event.type().topic().orElseThrow().topicName(), CatalogueRules.streamOf(event.data()).orElseThrow()));
        feed.publish(json);
    }

    private void retract(UUID target) {
        Placed where = placed.get(target);
        retracted.add(target);
        feed.publish(event(UUID.randomUUID(), "event.retracted", "2024-01-01", "\"eventId\":\"" + target + "\",\"reason\":\"r\""),
                where.topic(), where.stream());
    }

    private static void pairs(List<Contribution> list, UUID id, List<String> actors, LocalDate day, String type, double weight) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(actors));
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                list.add(contribution(id, distinct.get(i), distinct.get(j), day, type, weight));
            }
        }
    }

    private static Contribution contribution(UUID id, String x, String y, LocalDate day, String type, double weight) {
        return new Contribution(id, min(x, y), max(x, y), day, type, weight);
    }

    private String visit(UUID id, String visitor, String host, String on) {
        return event(id, "visit.made", on, "\"visitor\":\"A Minister\",\"visitorActor\":\"" + visitor + "\",\"host\":\"" + host + "\"");
    }

    private static String event(UUID id, String type, String on, String fields) {
        return event(id, type, on, fields, SRC);
    }

    private static String event(UUID id, String type, String on, String fields, String sources) {
        return "{\"id\":\"%s\",\"type\":\"%s\",\"data\":{\"occurredOn\":\"%s\",%s,%s}}".formatted(id, type, on, fields, sources);
    }

    /** A date in 2010-2020 at a random precision. */
    private String occurredOn() {
        LocalDate d = day(2010, 2020);
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(d.getYear());
            case 1 -> YearMonth.from(d).toString();
            default -> d.toString();
        };
    }

    private static LocalDate firstDay(String on) {
        return on.length() == 4 ? LocalDate.of(Integer.parseInt(on), 1, 1)
                : on.length() == 7 ? YearMonth.parse(on).atDay(1) : LocalDate.parse(on);
    }

    private LocalDate day(int fromYear, int toYear) {
        LocalDate first = LocalDate.of(fromYear, 1, 1);
        return first.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(first, LocalDate.of(toYear + 1, 1, 1))));
    }

    private String other(String actor) {
        List<String> rest = ACTORS.stream().filter(a -> !a.equals(actor)).toList();
        return rest.get(random.nextInt(rest.size()));
    }

    private List<String> distinct(int n, List<String> from) {
        List<String> shuffled = new ArrayList<>(from);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled.subList(0, n);
    }

    private static String quoted(List<String> codes) {
        return codes.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String min(String x, String y) {
        return x.compareTo(y) <= 0 ? x : y;
    }

    private static String max(String x, String y) {
        return x.compareTo(y) <= 0 ? y : x;
    }

    private static void caughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().get("/admin/projections").then().statusCode(200)
                        .body("items.find { it.name == 'relations' }.lag", equalTo(0)));
    }

    private static Map<String, Object> checksums() {
        io.restassured.path.json.JsonPath answer = given().get("/admin/projections/relations/checksum").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> all = new TreeMap<>(answer.getMap("tables"));
        all.put("checksum", answer.getString("checksum"));
        return all;
    }
}
