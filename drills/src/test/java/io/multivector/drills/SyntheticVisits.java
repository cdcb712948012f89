package io.multivector.drills;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Valid visit events between a set of countries, with fixed ids from a seed: the drills' bulk load. */
final class SyntheticVisits {

    private static final List<String> COUNTRIES = List.of("AR", "BR", "CL", "CO", "PE", "EC", "UY", "PY", "BO", "VE",
            "MX", "CA", "AU", "NZ", "ZA", "NG", "KE", "EG", "MA", "TN", "SE", "NO", "FI", "DK", "PT", "IE", "AT", "BE",
            "CZ", "HU", "RO", "BG", "GR", "HR", "SI", "SK", "LT", "LV", "EE", "VN", "TH", "MY", "ID", "PH", "SG");

    private SyntheticVisits() {
    }

    /** {@code count} events as JSON lines; the same seed gives the same events and ids. */
    static List<String> generate(long seed, int count) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        LocalDate start = LocalDate.of(1995, 1, 1);
        for (int i = 0; i < count; i++) {
            String a = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
            String b;
            do {
                b = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
            } while (b.equals(a));
            LocalDate on = start.plusDays(random.nextInt(30 * 365));
            UUID id = new UUID(seed, i);
            out.add("""
                    {"id":"%s","type":"visit.made","data":{"occurredOn":"%s","visitor":"Envoy %d","visitorActor":"%s","host":"%s",\
                    "sources":[{"ref":"drill","note":"synthetic"}]}}""".formatted(id, on, i % 1000, a, b));
        }
        return out;
    }
}
