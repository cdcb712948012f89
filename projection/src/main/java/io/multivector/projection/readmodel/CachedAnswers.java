package io.multivector.projection.readmodel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.multivector.projection.config.ProjectionConfig;
import io.multivector.projection.runtime.AnswerReach;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers already computed, as JSON, each under its request and the read model's tag ({@link ReadModelTag}) read
 * before it was computed. An answer is served while it holds: at its tag, or, for an answer about some actors (a
 * dyad, a partner list, a country), at a later tag whose batches reached none of them ({@link AnswerReach}, which
 * every batch notifies). Anything else is computed again. A batch of this instance is known as it commits ({@link
 * ModelVersions#committing}), so a write seen applied is never answered from before it.
 */
@ApplicationScoped
public class CachedAnswers {

    /**
     * One answer: its JSON and media type, as the response carried it, and where in it (offsets of the values,
     * start and end in turn) it echoes a {@code knownAt} that defaulted to now.
     */
    public record Answer(byte[] json, String type, int[] knownAtNow) {

        private static final String KNOWN_AT = "\"knownAt\":\"";

        /**
         * An answer whose every {@code knownAt} echoes the default, now (the request named none). A key's quotes are
         * never escaped and a string's always are, so the key cannot be found inside a value.
         */
        public static Answer knownNow(byte[] json, String type) {
            // one char per byte, so offsets in the text are offsets in the JSON; String.indexOf is vectorised, where a
            // byte loop over a dyad's few hundred kilobytes took a sixth of the service's CPU
            String text = new String(json, StandardCharsets.ISO_8859_1);
            List<Integer> spans = new ArrayList<>();
            for (int i = text.indexOf(KNOWN_AT); i >= 0; i = text.indexOf(KNOWN_AT, i)) {
                int start = i + KNOWN_AT.length();
                int end = start;
                while (end < json.length && json[end] != '"') {
                    end += json[end] == '\\' ? 2 : 1; // an escaped character, a quote above all, is inside
                }
                spans.add(start);
                spans.add(end);
                i = end;
            }
            return new Answer(json, type, spans.stream().mapToInt(Integer::intValue).toArray());
        }

        /**
         * The JSON to serve at {@code now}: an answer as known now, computed earlier under the tag that is still the
         * current one, is the same answer as known at this moment, so its defaulted {@code knownAt} says this moment.
         */
        public byte[] jsonAt(Instant now) {
            if (knownAtNow.length == 0) {
                return json;
            }
            byte[] instant = now.truncatedTo(ChronoUnit.MILLIS).toString().getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 8 * knownAtNow.length);
            int from = 0;
            for (int i = 0; i < knownAtNow.length; i += 2) {
                out.write(json, from, knownAtNow[i] - from);
                out.writeBytes(instant);
                from = knownAtNow[i + 1];
            }
            out.write(json, from, json.length - from);
            return out.toByteArray();
        }
    }

    /** What the batches between two versions of a schema reached ({@link ModelVersions#reachedBetween}). */
    @FunctionalInterface
    public interface Reaches {
        AnswerReach between(String schema, long from, long to);
    }

    /**
     * An answer, the tag it holds at, and the actors it is about ({@code scope}); an answer about no actors in
     * particular (null) holds at its tag only.
     */
    private record Kept(ReadModelTag.Tag tag, Set<String> scope, Answer answer) {
    }

    private final Supplier<ReadModelTag.Tag> tags;
    private final Reaches reaches;
    private final long capacityBytes;
    /** By request: each answer with the tag it was last known to hold at. */
    private final Cache<String, Kept> answers;

    @Inject
    public CachedAnswers(ReadModelTag tags, ModelVersions versions, ProjectionConfig config) {
        this(tags::current, versions::reachedBetween, config.cachedAnswersMebibytes() * (1L << 20));
    }

    /** @param tags the read model's tag now, as {@link ReadModelTag#current} tells it */
    CachedAnswers(Supplier<ReadModelTag.Tag> tags, Reaches reaches, long capacityBytes) {
        this.tags = tags;
        this.reaches = reaches;
        this.capacityBytes = capacityBytes;
        this.answers = Caffeine.newBuilder().maximumWeight(capacityBytes)
                .weigher((String key, Kept k) -> key.length() + k.answer().json().length)
                .executor(Runnable::run) // evicts on the caller's thread: no pool to share two cores with
                .build();
    }

    public boolean enabled() {
        return capacityBytes > 0;
    }

    /**
     * The answer kept for {@code request} that holds at {@code tag}: kept at that tag, or about actors that no batch
     * since reached; null when there is none.
     */
    public Answer get(ReadModelTag.Tag tag, String request) {
        Kept kept = answers.getIfPresent(request);
        if (kept == null) {
            return null;
        }
        if (kept.tag().equals(tag)) {
            return kept.answer();
        }
        if (!holdsFrom(kept.tag(), tag, kept.scope())) {
            return null;
        }
        // the next request finds it at this tag, without going over the same batches again
        answers.asMap().replace(request, kept, new Kept(tag, kept.scope(), kept.answer()));
        return kept.answer();
    }

    /**
     * Keeps an answer computed under {@code tag} about the actors {@code scope} (null: not about actors in particular);
     * false when a batch that may have changed it came while it was computed. When the answers outgrow their bytes,
     * those asked least often go first.
     */
    public boolean keep(ReadModelTag.Tag tag, String request, Set<String> scope, Answer answer) {
        ReadModelTag.Tag now = tags.get();
        if (!holdsFrom(tag, now, scope)) {
            return false; // the answer may be of either side of such a batch
        }
        answers.put(request, new Kept(now, scope == null ? null : Set.copyOf(scope), answer));
        return true;
    }

    /**
     * Whether an answer about {@code scope} that held at {@code then} holds at {@code now}: the same generations and
     * day, and no batch in between reached the scope.
     */
    private boolean holdsFrom(ReadModelTag.Tag then, ReadModelTag.Tag now, Set<String> scope) {
        if (then.equals(now)) {
            return true;
        }
        if (scope == null || !then.day().equals(now.day()) || then.positions().size() != now.positions().size()) {
            return false;
        }
        for (int i = 0; i < now.positions().size(); i++) {
            ReadModelTag.Position from = then.positions().get(i);
            ReadModelTag.Position to = now.positions().get(i);
            if (!from.schema().equals(to.schema())
                    || reaches.between(to.schema(), from.version(), to.version()).reaches(scope)) {
                return false;
            }
        }
        return true;
    }
}
