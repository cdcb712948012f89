package io.multivector.projection.readmodel;

import io.multivector.projection.config.ProjectionConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers already computed at the read model's current position, as JSON, each under its request and the tag
 * ({@link ReadModelTag}) read before it was computed. Only the current tag's answers are kept: every applied batch
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

    /** The answers kept under one tag, and the bytes they hold. */
    private record Answers(String tag, Map<String, Answer> byRequest, AtomicLong bytes) {
        Answers(String tag) {
            this(tag, new ConcurrentHashMap<>(), new AtomicLong());
        }
    }

    private final ReadModelTag tags;
    private final long capacityBytes;
    private volatile Answers current = new Answers("");

    public CachedAnswers(ReadModelTag tags, ProjectionConfig config) {
        this.tags = tags;
        this.capacityBytes = config.cachedAnswersMebibytes() * (1L << 20);
    }

    public boolean enabled() {
        return capacityBytes > 0;
    }

    /** The answer kept for {@code request} under {@code tag}; null when there is none. */
    public Answer get(String tag, String request) {
        Answers kept = current;
        return kept.tag().equals(tag) ? kept.byRequest().get(request) : null;
    }

    /** Keeps an answer computed under {@code tag}; false when the model has moved on since or the cache is full. */
    public boolean keep(String tag, String request, Answer answer) {
        Answers kept = current;
        if (!kept.tag().equals(tag)) {
            if (!tag.equals(tags.current())) {
                return false; // a batch came while it was computed: the answer may be of either side of it
            }
            synchronized (this) {
                if (!current.tag().equals(tag)) {
                    current = new Answers(tag);
                }
                kept = current;
            }
        }
        int size = answer.json().length;
        if (kept.bytes().addAndGet(size) > capacityBytes) {
            kept.bytes().addAndGet(-size);
            return false;
        }
        if (kept.byRequest().putIfAbsent(request, answer) != null) {
            kept.bytes().addAndGet(-size);
        }
        return true;
    }
}
