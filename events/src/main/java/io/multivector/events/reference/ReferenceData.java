package io.multivector.events.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The actors events may name: the entries of {@code seeds/reference/actors.json} (shipped in this
 * jar) plus every assigned ISO 3166-1 alpha-2 code, which is a state named by the ISO list when the
 * reference data has no entry for it.
 */
public final class ReferenceData {

    public static final String ACTORS_RESOURCE = "multivector/reference/actors.json";
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());
    private static volatile ReferenceData bundled;

    private final Map<String, Actor> curated;

    private ReferenceData(Map<String, Actor> curated) {
        this.curated = Map.copyOf(curated);
    }

    /** The reference data shipped with this jar, read once. */
    public static ReferenceData bundled() {
        ReferenceData r = bundled;
        if (r == null) {
            synchronized (ReferenceData.class) {
                r = bundled;
                if (r == null) {
                    try (InputStream in = ReferenceData.class.getClassLoader().getResourceAsStream(ACTORS_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing classpath resource " + ACTORS_RESOURCE);
                        }
                        r = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    bundled = r;
                }
            }
        }
        return r;
    }

    public static ReferenceData read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Actor> actors = new TreeMap<>();
        for (JsonNode a : root.path("actors")) {
            String code = a.path("code").asText();
            Map<Bloc, Double> blocs = new EnumMap<>(Bloc.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = a.path("blocs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                blocs.put(Bloc.ofWireName(e.getKey()), e.getValue().asDouble());
            }
            actors.put(code, new Actor(code, a.path("name").asText(code),
                    Actor.Kind.valueOf(a.path("kind").asText()), normalised(code, blocs)));
        }
        return new ReferenceData(actors);
    }

    private static Map<Bloc, Double> normalised(String code, Map<Bloc, Double> blocs) {
        if (blocs.isEmpty()) {
            return Map.of(Bloc.OTHER, 1.0);
        }
        double sum = blocs.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalStateException("bloc shares of " + code + " sum to " + sum + ", not 1");
        }
        return blocs;
    }

    /** This reference data with {@code additions}' entries added (an addition replaces an entry of the same code). */
    public ReferenceData with(ReferenceData additions) {
        Map<String, Actor> merged = new TreeMap<>(curated);
        merged.putAll(additions.curated);
        return new ReferenceData(merged);
    }

    public boolean isKnown(String code) {
        return code != null && (curated.containsKey(code) || ISO_CODES.contains(code));
    }

    public Optional<Actor> find(String code) {
        Actor a = curated.get(code);
        if (a != null) {
            return Optional.of(a);
        }
        if (code != null && ISO_CODES.contains(code)) {
            return Optional.of(new Actor(code, Locale.of("", code).getDisplayCountry(Locale.ENGLISH),
                    Actor.Kind.state, Map.of(Bloc.OTHER, 1.0)));
        }
        return Optional.empty();
    }

    public boolean isOrganization(String code) {
        return find(code).map(a -> a.kind() == Actor.Kind.organization).orElse(false);
    }

    /** The curated entries, by code; states the ISO list alone names are not listed. */
    public Collection<Actor> curated() {
        return curated.values();
    }
}
