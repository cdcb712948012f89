package io.multivector.projection.readmodel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.multivector.projection.config.ProjectionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers already computed at the read model's current position, as JSON, each under its request and the tag
 * ({@link ReadModelTag}) read before it was computed. Only the current tag's answers are served: every applied batch
 * moves the tag, and the answers kept under the old one are dropped together. A batch of this instance moves it as it
 * commits ({@link ModelVersions#committing}), so a write seen applied is never answered from before it.
 */
@ApplicationScoped
public class CachedAnswers {

    /**
     * One answer: its JSON and media type, as the response carried it, and where in it (offsets of the values,
     * start and end in turn) it echoes a {@code knownAt} that defaulted to now.
     */
    public record Answer(byte[] json, String type, int[] knownAtNow) {

        private static final byte[] KNOWN_AT = "\"knownAt\":\"".getBytes(StandardCharsets.US_ASCII);

        /**
         * An answer whose every {@code knownAt} echoes the default, now (the request named none). A key's quotes are
         * never escaped and a string's always are, so the key cannot be found inside a value.
         */
        public static Answer knownNow(byte[] json, String type) {
            List<Integer> spans = new ArrayList<>();
            for (int i = indexOf(json, 0); i >= 0; i = indexOf(json, i)) {
                int start = i + KNOWN_AT.length;
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

        private static int indexOf(byte[] json, int from) {
            outer:
            for (int i = from; i <= json.length - KNOWN_AT.length; i++) {
                for (int j = 0; j < KNOWN_AT.length; j++) {
                    if (json[i + j] != KNOWN_AT[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private final Supplier<String> tags;
    private final long capacityBytes;
    /** By tag and request; only the current tag's are asked for, and a new tag drops the rest. */
    private final Cache<String, Answer> answers;
    private volatile String current = "";

    @Inject
    public CachedAnswers(ReadModelTag tags, ProjectionConfig config) {
        this(tags::current, config.cachedAnswersMebibytes() * (1L << 20));
    }

    /** @param tags the read model's tag now, as {@link ReadModelTag#current} tells it */
    CachedAnswers(Supplier<String> tags, long capacityBytes) {
        this.tags = tags;
        this.capacityBytes = capacityBytes;
        this.answers = Caffeine.newBuilder().maximumWeight(capacityBytes)
                .weigher((String key, Answer a) -> key.length() + a.json().length)
                .executor(Runnable::run) // evicts on the caller's thread: no pool to share two cores with
                .build();
    }

    public boolean enabled() {
        return capacityBytes > 0;
    }

    /** The answer kept for {@code request} under {@code tag}; null when there is none. */
    public Answer get(String tag, String request) {
        return tag.equals(current) ? answers.getIfPresent(tag + ' ' + request) : null;
    }

    /**
     * Keeps an answer computed under {@code tag}; false when the model has moved on since. When the answers outgrow
     * their bytes, those asked least often go first.
     */
    public boolean keep(String tag, String request, Answer answer) {
        if (!tag.equals(current)) {
            if (!tag.equals(tags.get())) {
                return false; // a batch came while it was computed: the answer may be of either side of it
            }
            synchronized (this) {
                if (!tag.equals(current)) {
                    current = tag;
                    answers.invalidateAll();
                }
            }
        }
        answers.put(tag + ' ' + request, answer);
        return true;
    }
}
