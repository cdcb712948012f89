package io.multivector.relations;

/** CloudEvents for tests, as JSON; every one sourced. */
public final class Events {

    private static final String SRC = "\"sources\":[{\"ref\":\"test\"}]";

    private Events() {
    }

    public static String treaty(String id, String on, String... parties) {
        return """
                {"id":"%s","type":"treaty.signed","data":{"occurredOn":"%s","treatyId":"t-%s","title":"Treaty %s",\
                "kind":"cooperation","parties":[%s],%s}}""".formatted(id, on, id.substring(0, 8), id.substring(0, 8),
                quoted(parties), SRC);
    }

    /** A treaty with a title of its own, as JSON text (its quotes and backslashes escaped). */
    public static String titledTreaty(String id, String titleJson, String on, String... parties) {
        return """
                {"id":"%s","type":"treaty.signed","data":{"occurredOn":"%s","treatyId":"t-%s","title":"%s",\
                "kind":"cooperation","parties":[%s],%s}}""".formatted(id, on, id.substring(0, 8), titleJson, quoted(parties), SRC);
    }

    public static String visit(String visitor, String host, String on) {
        return """
                {"type":"visit.made","data":{"occurredOn":"%s","visitor":"A Minister","visitorActor":"%s","host":"%s",%s}}"""
                .formatted(on, visitor, host, SRC);
    }

    /** The end of a treaty for all its parties, none of whom it names. */
    public static String terminated(String treatyId, String on) {
        return """
                {"type":"treaty.terminated","data":{"occurredOn":"%s","treatyId":"%s",%s}}""".formatted(on, treatyId, SRC);
    }

    public static String statement(String speaker, String target, String stance, String on) {
        return """
                {"type":"statement.made","data":{"occurredOn":"%s","speaker":"%s","target":"%s","stance":"%s","summary":"s",%s}}"""
                .formatted(on, speaker, target, stance, SRC);
    }

    public static String joined(String member, String org, String role, String on, String until) {
        return """
                {"type":"membership.joined","data":{"occurredOn":"%s","member":"%s","organization":"%s","role":"%s"%s,%s}}"""
                .formatted(on, member, org, role, until == null ? "" : ",\"until\":\"" + until + "\"", SRC);
    }

    public static String left(String member, String org, String role, String on) {
        return """
                {"type":"membership.left","data":{"occurredOn":"%s","member":"%s","organization":"%s","role":"%s",%s}}"""
                .formatted(on, member, org, role, SRC);
    }

    public static String office(String country, String office, String person, String on) {
        return """
                {"type":"office.assumed","data":{"occurredOn":"%s","country":"%s","office":"%s","person":"%s",%s}}"""
                .formatted(on, country, office, person, SRC);
    }

    /** A term whose person is recorded with one other spelling. */
    public static String office(String country, String office, String person, String alsoSpelled, String on) {
        return """
                {"type":"office.assumed","data":{"occurredOn":"%s","country":"%s","office":"%s","person":"%s",\
                "personAlsoSpelled":["%s"],%s}}""".formatted(on, country, office, person, alsoSpelled, SRC);
    }

    public static String exercise(String on, int count, String... participants) {
        return """
                {"type":"exercise.held","data":{"occurredOn":"%s","participants":[%s],"kind":"joint-military","count":%d,%s}}"""
                .formatted(on, quoted(participants), count, SRC);
    }

    public static String election(String country, String on) {
        return """
                {"type":"election.held","data":{"occurredOn":"%s","country":"%s","kind":"parliamentary","body":"Majilis",\
                "turnoutPct":75.4,"results":[{"name":"Nur Otan","votePct":81,"seats":83},{"name":"Ak Zhol","seats":8}],%s}}"""
                .formatted(on, country, SRC);
    }

    /** @param results the results' JSON objects, comma-separated */
    public static String presidentialElection(String country, String on, String results) {
        return """
                {"type":"election.held","data":{"occurredOn":"%s","country":"%s","kind":"presidential","results":[%s],%s}}"""
                .formatted(on, country, results, SRC);
    }

    public static String retraction(String eventId, String on) {
        return """
                {"type":"event.retracted","data":{"occurredOn":"%s","eventId":"%s","reason":"entered in error",%s}}"""
                .formatted(on, eventId, SRC);
    }

    private static String quoted(String... codes) {
        return String.join(",", java.util.Arrays.stream(codes).map(c -> "\"" + c + "\"").toList());
    }
}
