package io.multivector.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.events.reference.Actor;
import io.multivector.events.reference.ReferenceData;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Synthetic but valid events of every catalogue type, from a fixed seed: ~200 actors (the curated
 * organisations and ISO states, Kazakhstan's neighbourhood first), 30 years (1995-2024),
 * Zipf-skewed actors and so dyads, every event sourced.
 * <p>Routes form a network of bounded size, as export routes do: each origin has at most {@link
 * #ROUTES_PER_ORIGIN} route ids; a later {@code route.registered} of an id already used becomes a change of some
 * route's status, unless it changes the route's transit (at most {@link #TRANSIT_CHANGES} times, dated on or after its
 * last change); and a shipment goes on a route of its exporter's. Export shares are reported once per exporter,
 * dimension, key and year, for the main destinations, transit countries and routes. Before, every registration made a new route, shipments took any, and
 * shares were reported again and again for 1,000 route keys and every actor: at 100,000 events Kazakhstan's crude
 * oil went out by 546 routes beside 1,435 reported shares, and an exposure answer, which lists both, grew with the
 * number of events.
 * <p>Events that refer to earlier ones ({@code treaty.terminated}, {@code route.status.changed},
 * {@code event.retracted}, shipments on a route) only refer to events the caller says are stored:
 * each generated event belongs to the current {@link #batch(long) batch}, and {@link #stored(long)}
 * says up to which batch the store has answered. With {@link #sameBatchReferences(boolean)} an
 * event may also refer to one earlier in its own batch (a batch is stored in one transaction).
 */
public final class EventGenerator {

    /** One generated event: its id, type, the JSON line to POST and, for treaties, the treaty id. */
    public record Generated(String id, String type, String json, String key) {
    }

    private static final List<String> FIRST = List.of("KZ", "RU", "CN", "US", "DE", "TR", "UZ", "KG", "TJ", "TM", "AZ", "GE",
            "FR", "GB", "IN", "IR", "JP", "KR", "PK", "AF", "AM", "BY", "UA", "IT", "MN", "AE", "SA", "QA", "HU", "PL");
    private static final String[] COMMODITIES = {"2709", "2709", "2709", "2711", "2601", "1001", "7403", "2844"};
    private static final String[] OFFICES = {"president", "prime-minister", "foreign-minister", "defence-minister", "speaker"};
    private static final String[] TREATY_KINDS = {"partnership", "cooperation", "trade", "energy", "security", "arms-control", "border", "other"};
    private static final String[] ROLES = {"member", "observer", "partner", "associate"};
    private static final String[] STANCES = {"supportive", "supportive", "critical", "threatening"};
    private static final String[] ELECTION_KINDS = {"presidential", "parliamentary", "local", "referendum"};
    private static final String[] EXERCISE_KINDS = {"joint-military", "peacekeeping", "counter-terrorism"};
    private static final String[] DOMAINS = {"military", "economic", "energy", "nuclear", "cultural"};
    /** How many routes an origin can have: Kazakhstan exports its crude by about this many. */
    static final int ROUTES_PER_ORIGIN = 8;
    /** How often a route's transit countries may change over its registrations: rarely, as a pipeline's do. */
    static final int TRANSIT_CHANGES = 2;
    /** The states a report of export shares names as destinations or transit: the most frequent ones. */
    static final int REPORTED_KEYS = 12;
    private static final String[] ROUTE_KINDS = {"pipeline", "rail", "sea", "corridor", "port"};
    private static final String[] WORDS = {"energy", "transit", "security", "investment", "border", "water", "grain", "uranium",
            "digital", "railway", "customs", "education", "health", "climate", "sanctions", "logistics"};

    /** Types and their weights: roughly the mix of a political-event dataset. */
    private static final String[] TYPES = {
            "statement.made", "visit.made", "cooperation.reported", "trade.reported", "shipment.delivered", "treaty.signed",
            "membership.joined", "membership.left", "summit.held", "mediation.hosted", "sanctions.imposed", "sanctions.lifted",
            "aid.provided", "election.held", "office.assumed", "exercise.held", "route.registered", "export.share.reported",
            "treaty.terminated", "route.status.changed", "interaction.coded", "event.retracted"};
    private static final int[] WEIGHTS = {20, 12, 8, 10, 12, 5, 4, 1, 3, 2, 2, 1, 4, 3, 3, 2, 1, 2, 1, 1, 10, 1};
    /** CAMEO codes with their quad class and Goldstein value, for machine-coded interactions. */
    private static final String[][] CAMEO = {{"010", "1", "0.0"}, {"036", "1", "4.0"}, {"042", "1", "1.9"}, {"057", "1", "8.0"},
            {"061", "2", "6.4"}, {"111", "3", "-2.0"}, {"130", "3", "-4.4"}, {"163", "4", "-8.0"}, {"190", "4", "-10.0"}};

    private final ObjectMapper json = new ObjectMapper();
    private final SplittableRandom random;
    private final List<String> states;
    private final List<String> organizations;
    private final List<String> actors;
    private final double[] zipfAll;
    private final double[] zipfStates;
    private final int[] typeCdf;

    private long batch;
    private long storedThrough = -1;
    private boolean sameBatchReferences = true;
    private long counter;
    private final Pool treaties = new Pool();
    private final Pool routes = new Pool();
    /** Route ids per origin, for its exporters' shipments; an id is in its pool once, from its first registration. */
    private final Map<String, Pool> routesFrom = new HashMap<>();
    private final Map<String, RouteLine> lines = new HashMap<>();
    /** What export shares were reported: each exporter, dimension, key and year once, as a statistics office does. */
    private final Set<String> reportedShares = new HashSet<>();
    private final Pool retractable = new Pool();

    public EventGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        ReferenceData ref = ReferenceData.bundled();
        this.organizations = ref.curated().stream().filter(a -> a.kind() == Actor.Kind.organization).map(Actor::code).sorted().toList();
        Set<String> st = new LinkedHashSet<>(FIRST);
        List<String> iso = new ArrayList<>(Arrays.asList(Locale.getISOCountries()));
        iso.sort(null);
        // a deterministic shuffle of the rest, so that the tail is not alphabetical
        java.util.Collections.shuffle(iso, new Random(seed ^ 0x5eed));
        for (String c : iso) {
            if (st.size() >= 200 - organizations.size()) {
                break;
            }
            if (ref.isKnown(c) && !ref.isOrganization(c)) {
                st.add(c);
            }
        }
        this.states = List.copyOf(st);
        List<String> all = new ArrayList<>(states);
        // organisations ranked among the big states: EU, SCO, CSTO... are frequent counterparts
        for (int i = 0; i < organizations.size(); i++) {
            all.add(Math.min(all.size(), 6 + i * 3), organizations.get(i));
        }
        this.actors = List.copyOf(all);
        this.zipfAll = zipf(actors.size(), 1.05);
        this.zipfStates = zipf(states.size(), 1.05);
        this.typeCdf = new int[WEIGHTS.length];
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += WEIGHTS[i];
            typeCdf[i] = sum;
        }
    }

    public List<String> actors() {
        return actors;
    }

    public List<String> states() {
        return states;
    }

    /** An actor drawn as the events draw theirs (Zipf over all actors), with the caller's random source. */
    public String sampleActor(SplittableRandom r) {
        return zipf(zipfAll, actors, r.nextDouble());
    }

    /** A state drawn as the events draw their states (Zipf over all states). */
    public String sampleState(SplittableRandom r) {
        return zipf(zipfStates, states, r.nextDouble());
    }

    /** Events generated from now on belong to batch {@code n} (non-decreasing). */
    public void batch(long n) {
        this.batch = n;
    }

    /** Every batch up to and including {@code n} is stored: their events may be referred to. */
    public void stored(long n) {
        storedThrough = Math.max(storedThrough, n);
        treaties.promote(storedThrough);
        routes.promote(storedThrough);
        routesFrom.values().forEach(p -> p.promote(storedThrough));
        retractable.promote(storedThrough);
    }

    public void sameBatchReferences(boolean allowed) {
        this.sameBatchReferences = allowed;
    }

    public long generated() {
        return counter;
    }

    public Generated next() {
        int pick = random.nextInt(typeCdf[typeCdf.length - 1]);
        int i = 0;
        while (typeCdf[i] <= pick) {
            i++;
        }
        String type = TYPES[i];
        ObjectNode data = json.createObjectNode();
        String date = date();
        data.put("occurredOn", date);
        String key = null;
        boolean retractableType = false;
        switch (type) {
            case "statement.made" -> {
                String[] p = pair(zipfAll, actors);
                data.put("speaker", p[0]).put("target", p[1]).put("stance", pick(STANCES))
                        .put("summary", "Statement by " + p[0] + " on " + p[1] + " about " + pick(WORDS) + " and " + pick(WORDS));
                retractableType = true;
            }
            case "visit.made" -> {
                String[] p = pair(zipfStates, states);
                data.put("visitor", "Head of state of " + p[0]).put("visitorActor", p[0]).put("host", p[1])
                        .put("place", "Capital of " + p[1]).put("purpose", "Talks on " + pick(WORDS) + " cooperation");
                retractableType = true;
            }
            case "cooperation.reported" -> {
                data.set("actors", distinctArray(zipfAll, actors, 2 + (random.nextInt(5) == 0 ? 1 : 0)));
                data.put("domain", pick(DOMAINS)).put("summary", "Joint work on " + pick(WORDS) + " projects");
                retractableType = true;
            }
            case "trade.reported" -> {
                String[] p = pair(zipfStates, states);
                String period = random.nextInt(4) == 0 ? "%s-%02d".formatted(date.substring(0, 4), 1 + random.nextInt(12)) : date.substring(0, 4);
                data.put("occurredOn", period);
                data.put("reporter", p[0]).put("partner", p[1]).put("period", period)
                        .put("exportsUsd", 1_000_000L * (1 + random.nextInt(50_000)))
                        .put("importsUsd", 1_000_000L * (1 + random.nextInt(50_000)));
                retractableType = true;
            }
            case "shipment.delivered" -> {
                String exporter = random.nextInt(3) == 0 ? "KZ" : zipf(zipfStates, states);
                String importer = other(exporter, zipfStates, states);
                String commodity = pick(COMMODITIES);
                data.put("exporter", exporter).put("importer", importer).put("commodity", commodity)
                        .put("quantity", 1000 + random.nextInt(500_000))
                        .put("unit", commodity.equals("2709") ? "bbl" : commodity.equals("2711") ? "m3" : "t")
                        .put("valueUsd", 10_000L * (1 + random.nextInt(100_000)));
                Pool ownRoutes = routesFrom.get(exporter);
                String route = ownRoutes != null && random.nextInt(10) < 7 ? ownRoutes.pick(false) : null;
                if (route != null) {
                    data.put("routeId", route);
                }
                retractableType = true;
            }
            case "treaty.signed" -> {
                key = "bench-treaty-" + counter;
                treaty(data, key);
            }
            case "membership.joined" -> {
                data.put("member", zipf(zipfStates, states)).put("organization", pick(organizations)).put("role", pick(ROLES));
                retractableType = true;
            }
            case "membership.left" -> {
                data.put("member", zipf(zipfStates, states)).put("organization", pick(organizations)).put("role", pick(ROLES));
            }
            case "summit.held" -> {
                String host = zipf(zipfStates, states);
                ArrayNode parts = distinctArray(zipfAll, actors, 2 + random.nextInt(4));
                data.put("host", host).set("participants", parts);
                data.put("title", "Summit on " + pick(WORDS) + " in " + host);
                retractableType = true;
            }
            case "mediation.hosted" -> {
                String host = zipf(zipfStates, states);
                data.put("host", host).set("parties", distinctArray(zipfStates, states, 1 + random.nextInt(3)));
                data.put("topic", "Talks on " + pick(WORDS));
            }
            case "sanctions.imposed", "sanctions.lifted" -> {
                String[] p = pair(zipfAll, actors);
                data.put("imposer", p[0]).put("target", p[1]).put("scope", "Restrictions on " + pick(WORDS) + " and " + pick(WORDS));
            }
            case "interaction.coded" -> {
                String[] p = pair(zipfAll, actors);
                String[] code = CAMEO[random.nextInt(CAMEO.length)];
                String day = "%d-%02d-%02d".formatted(1995 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28));
                data.put("occurredOn", day).put("dataset", "gdelt-2.0").put("datasetEventId", Long.toString(random.nextLong() >>> 1))
                        .put("actor1", p[0]).put("actor2", p[1]).put("cameoCode", code[0]).put("quadClass", Integer.parseInt(code[1]))
                        .put("goldstein", new java.math.BigDecimal(code[2])).put("mentions", 1 + random.nextInt(50));
                data.putArray("sources").addObject().put("ref", "synthetic coded interaction")
                        .put("url", "https://news.example.org/" + random.nextInt(1_000_000));
                retractableType = true;
            }
            case "aid.provided" -> {
                String[] p = pair(zipfAll, actors);
                data.put("donor", p[0]).put("recipient", p[1]).put("amountUsd", 100_000L * (1 + random.nextInt(10_000)))
                        .put("purpose", pick(WORDS) + " programme");
                retractableType = true;
            }
            case "election.held" -> {
                String country = zipf(zipfStates, states);
                data.put("country", country).put("kind", pick(ELECTION_KINDS)).put("turnoutPct", 40 + random.nextInt(500) / 10.0);
                ArrayNode results = data.putArray("results");
                int n = 2 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    results.addObject().put("name", "Candidate " + (char) ('A' + k) + " of " + country)
                            .put("party", "Party " + (k + 1)).put("votePct", k == 0 ? 50 + random.nextInt(40) : random.nextInt(20))
                            .put("elected", k == 0);
                }
                retractableType = true;
            }
            case "office.assumed" -> {
                String country = zipf(zipfStates, states);
                data.put("country", country).put("office", pick(OFFICES)).put("person", "Person " + random.nextInt(10_000) + " of " + country);
                retractableType = true;
            }
            case "exercise.held" -> {
                data.set("participants", distinctArray(zipfStates, states, 2 + random.nextInt(3)));
                data.put("kind", pick(EXERCISE_KINDS)).put("name", "Exercise " + pick(WORDS)).put("count", 1 + random.nextInt(3));
                retractableType = true;
            }
            case "route.registered" -> {
                String[] drawn = drawRoute();
                RouteLine line = lines.get(drawn[1]);
                boolean newTransit = line != null && line.transitChanges() < TRANSIT_CHANGES && random.nextInt(10) == 0;
                // a route registered already: its news is a change of status, unless its transit changes
                String stored = line != null && !newTransit ? routes.pick(false) : null;
                if (stored != null) {
                    type = "route.status.changed";
                    statusChange(data, stored);
                } else {
                    register(data, drawn[0], drawn[1], newTransit);
                }
            }
            case "export.share.reported" -> {
                String exporter = random.nextInt(2) == 0 ? "KZ" : zipf(zipfStates, states);
                String[] dims = {"destination", "route", "transit"};
                String dim = pick(dims);
                // keys of the few main destinations, transit countries and routes a report lists
                String k = dim.equals("route") ? routeId(exporter, random.nextInt(ROUTES_PER_ORIGIN)) : mainState(exporter);
                String year = date.substring(0, 4);
                if (reportedShares.add(String.join("/", exporter, dim, k, year))) {
                    data.put("occurredOn", year);
                    data.put("exporter", exporter).put("commodity", "2709").put("dimension", dim).put("key", k)
                            .put("share", random.nextInt(101) / 100.0).put("period", year);
                } else {
                    type = "statement.made"; // that share of that year is reported already
                    plainStatement(data);
                }
            }
            case "treaty.terminated" -> {
                String treaty = treaties.pick(true);
                if (treaty == null) {
                    type = "treaty.signed";
                    key = "bench-treaty-" + counter;
                    treaty(data, key);
                } else {
                    data.put("treatyId", treaty).put("reason", "Expired without renewal");
                }
            }
            case "route.status.changed" -> {
                String route = routes.pick(false);
                if (route == null) {
                    type = "route.registered";
                    String[] drawn = drawRoute();
                    register(data, drawn[0], drawn[1], false);
                } else {
                    statusChange(data, route);
                }
            }
            case "event.retracted" -> {
                String target = retractable.pick(true);
                if (target == null) {
                    type = "statement.made";
                    plainStatement(data);
                } else {
                    data.put("eventId", target).put("reason", "Duplicate report of the same fact");
                }
            }
            default -> throw new IllegalStateException(type);
        }
        if (!data.has("sources")) { // a coded interaction names its article itself
            data.putArray("sources").addObject().put("ref", "bench-" + (counter % 997) + ".txt")
                    .put("note", "synthetic event " + counter + " for the benchmark");
        }
        String id = uuid();
        if (retractableType) {
            retractable.add(id, batch);
        }
        counter++;
        return new Generated(id, type, envelope(id, type, data), key);
    }

    /** A treaty between two frequent states, with a fresh treaty id: the freshness probe. */
    public Generated freshTreaty(String treatyId) {
        ObjectNode data = json.createObjectNode();
        data.put("occurredOn", date());
        treaty(data, treatyId);
        data.putArray("sources").addObject().put("ref", "bench-fresh.txt");
        String id = uuid();
        counter++;
        return new Generated(id, "treaty.signed", envelope(id, "treaty.signed", data), treatyId);
    }

    private void treaty(ObjectNode data, String treatyId) {
        ArrayNode parties = distinctArray(zipfAll, actors, random.nextInt(6) == 0 ? 3 + random.nextInt(3) : 2);
        data.put("treatyId", treatyId).put("title", "Agreement on " + pick(WORDS) + " " + treatyId)
                .put("kind", pick(TREATY_KINDS)).set("parties", parties);
        data.put("place", "Astana");
        treaties.add(treatyId, batch);
    }

    /**
     * A route as last registered: a registration of its id again keeps its line unless it changes its transit, and is
     * dated on or after the last change ({@code since}), as a route's history goes forward.
     */
    private record RouteLine(String kind, String origin, String destination, List<String> transit, int transitChanges,
                             LocalDate since) {
    }

    /** A route of a random origin, {origin, routeId}: an origin has at most {@link #ROUTES_PER_ORIGIN}. */
    private String[] drawRoute() {
        String origin = random.nextInt(2) == 0 ? "KZ" : zipf(zipfStates, states);
        return new String[]{origin, routeId(origin, random.nextInt(ROUTES_PER_ORIGIN))};
    }

    /** The id of an origin's route number {@code n}. */
    private static String routeId(String origin, int n) {
        return "bench-route-" + origin.toLowerCase(Locale.ROOT) + "-" + n;
    }

    /** Registers a route: the first time on the event's date, again on or after its last change, with new transit if asked. */
    private void register(ObjectNode data, String origin, String routeId, boolean newTransit) {
        RouteLine line = lines.get(routeId);
        if (line == null) {
            String dest = other(origin, zipfAll, actors);
            line = new RouteLine(pick(ROUTE_KINDS), origin, dest, transit(origin, dest), 0, firstDay(data.path("occurredOn").asText()));
            routes.add(routeId, batch);
            routesFrom.computeIfAbsent(origin, o -> new Pool()).add(routeId, batch);
        } else {
            LocalDate on = line.since().plusDays(random.nextLong(ChronoUnit.DAYS.between(line.since(), LAST_DAY) + 1));
            data.put("occurredOn", on.toString());
            if (newTransit) {
                line = new RouteLine(line.kind(), line.origin(), line.destination(), transit(line.origin(), line.destination()),
                        line.transitChanges() + 1, on);
            }
        }
        lines.put(routeId, line);
        data.put("routeId", routeId).put("name", "Route " + routeId).put("kind", line.kind()).put("origin", line.origin())
                .put("destination", line.destination());
        line.transit().forEach(data.putArray("transit")::add);
        data.put("lengthKm", 100 + random.nextInt(5000)).put("capacity", 10 + random.nextInt(2000)).put("capacityUnit", "kbd")
                .put("status", random.nextBoolean() ? "operating" : "planned");
    }

    /** A supportive statement between two actors: what an event that cannot be made becomes instead. */
    private void plainStatement(ObjectNode data) {
        String[] p = pair(zipfAll, actors);
        data.put("speaker", p[0]).put("target", p[1]).put("stance", "supportive").put("summary", "Statement");
    }

    private void statusChange(ObjectNode data, String routeId) {
        data.put("routeId", routeId).put("status", random.nextBoolean() ? "operating" : "closed").put("capacity", 10 + random.nextInt(2000));
    }

    /** The first day of a date as {@link #date()} writes it: a year, a month or a day. */
    private static LocalDate firstDay(String date) {
        return LocalDate.parse(date.length() == 4 ? date + "-01-01" : date.length() == 7 ? date + "-01" : date);
    }

    private List<String> transit(String origin, String destination) {
        Set<String> used = new LinkedHashSet<>(List.of(origin, destination));
        List<String> transit = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            String t = zipf(zipfStates, states);
            if (used.add(t)) {
                transit.add(t);
            }
        }
        return transit;
    }

    private String envelope(String id, String type, ObjectNode data) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0").put("id", id).put("source", "/bench/synthetic").put("type", type);
        e.set("data", data);
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private String uuid() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The last day {@link #date()} can give. */
    private static final LocalDate LAST_DAY = LocalDate.of(2024, 12, 31);

    private String date() {
        int year = 1995 + random.nextInt(30);
        int month = 1 + random.nextInt(12);
        int p = random.nextInt(20);
        if (p == 0) {
            return Integer.toString(year);
        }
        if (p < 4) {
            return "%d-%02d".formatted(year, month);
        }
        return "%d-%02d-%02d".formatted(year, month, 1 + random.nextInt(28));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String zipf(double[] cdf, List<String> from) {
        return zipf(cdf, from, random.nextDouble());
    }

    private static String zipf(double[] cdf, List<String> from, double u) {
        int i = Arrays.binarySearch(cdf, u);
        if (i < 0) {
            i = -i - 1;
        }
        return from.get(Math.min(i, from.size() - 1));
    }

    /** One of the {@link #REPORTED_KEYS} most frequent states, other than {@code not}. */
    private String mainState(String not) {
        String s;
        do {
            s = states.get(random.nextInt(REPORTED_KEYS));
        } while (s.equals(not));
        return s;
    }

    private String other(String not, double[] cdf, List<String> from) {
        String o;
        do {
            o = zipf(cdf, from);
        } while (o.equals(not));
        return o;
    }

    private String[] pair(double[] cdf, List<String> from) {
        String a = zipf(cdf, from);
        return new String[]{a, other(a, cdf, from)};
    }

    private ArrayNode distinctArray(double[] cdf, List<String> from, int n) {
        Set<String> s = new LinkedHashSet<>();
        while (s.size() < n) {
            s.add(zipf(cdf, from));
        }
        ArrayNode a = json.createArrayNode();
        s.forEach(a::add);
        return a;
    }

    private static double[] zipf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    /** Keys of earlier events by batch: those of stored batches may be referred to. */
    private final class Pool {
        private static final class Ref {
            final String key;
            final long batch;
            boolean used;

            Ref(String key, long batch) {
                this.key = key;
                this.batch = batch;
            }
        }

        private final List<Ref> eligible = new ArrayList<>();
        private final ArrayDeque<Ref> pending = new ArrayDeque<>();
        private final List<Ref> current = new ArrayList<>();
        private long currentBatch = Long.MIN_VALUE;

        void add(String key, long inBatch) {
            Ref r = new Ref(key, inBatch);
            if (inBatch <= storedThrough) {
                eligible.add(r);
                return;
            }
            pending.add(r);
            if (inBatch != currentBatch) {
                current.clear();
                currentBatch = inBatch;
            }
            current.add(r);
        }

        void promote(long through) {
            while (!pending.isEmpty() && pending.peekFirst().batch <= through) {
                Ref r = pending.pollFirst();
                if (!r.used) {
                    eligible.add(r);
                }
            }
            if (currentBatch <= through) {
                current.clear();
            }
        }

        /** A referable key, or null; {@code once}: it is not handed out again. */
        String pick(boolean once) {
            boolean same = sameBatchReferences && currentBatch == batch;
            int n = eligible.size() + (same ? current.size() : 0);
            for (int attempt = 0; attempt < 4 && n > 0; attempt++) {
                int i = random.nextInt(n);
                if (i < eligible.size()) {
                    Ref r = eligible.get(i);
                    if (once) {
                        eligible.set(i, eligible.getLast());
                        eligible.removeLast();
                    }
                    return r.key;
                }
                Ref r = current.get(i - eligible.size());
                if (!r.used) {
                    r.used = once;
                    return r.key;
                }
            }
            return null;
        }
    }
}
