package io.multivector.ingest;

import java.util.UUID;

/** Valid CloudEvents for tests, each with a fresh id unless one is given. */
public final class IngestTestEvents {

    private IngestTestEvents() {
    }

    public static String treaty(UUID id, String treatyId, String a, String b) {
        return """
                {"specversion":"1.0","id":"%s","source":"/tests","type":"treaty.signed","data":{"occurredOn":"2015-12-21",\
                "treatyId":"%s","title":"Partnership agreement","kind":"partnership","parties":["%s","%s"],\
                "sources":[{"ref":"001_ef063ab84040d3ce.txt","note":"signed in December 2015"}]}}"""
                .formatted(id, treatyId, a, b);
    }

    public static String treaty(UUID id) {
        return treaty(id, "t-" + id.toString().substring(0, 8), "KZ", "EU");
    }

    public static String visit(UUID id, String visitorActor, String host, String day) {
        return """
                {"id":"%s","type":"visit.made","data":{"occurredOn":"%s","visitor":"A. Diplomat","visitorActor":"%s",\
                "host":"%s","sources":[{"ref":"test"}]}}""".formatted(id, day, visitorActor, host);
    }
}
