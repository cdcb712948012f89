package io.multivector.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;

/**
 * Load generators: a fixed offered rate (open model) and a closed loop at max, over one Vert.x
 * event loop (the load should cost the two cores it shares with the system little). Every request
 * has a timeout; outstanding requests are not capped: a request that finds every connection busy
 * waits in the client's queue, and its latency counts from when it was meant to be sent.
 */
final class Load {

    /** For the bench's own calls (admin, bulk batches, probes), where the load generator's cost does not matter. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final long TIMEOUT_MILLIS = 30_000;
    /** Connections are opened only when the ones open are busy; at most this many. */
    private static final int CONNECTIONS = 1_024;
    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private static final io.vertx.core.http.HttpClient CLIENT = VERTX.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) TIMEOUT_MILLIS),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));

    /** One request of a run. */
    record Call(HttpMethod method, String uri, String authorization, String contentType, byte[] body) {

        static Call get(String uri, String authorization) {
            return new Call(HttpMethod.GET, uri, authorization, null, null);
        }

        static Call post(String uri, String authorization, String contentType, String body) {
            return new Call(HttpMethod.POST, uri, authorization, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * What a load run did: latencies in microseconds, requests done per second, errors and the first one. Among the
     * errors, those of an overloaded system: timeouts, and 503s (a gateway or store shedding what it cannot take).
     */
    record Run(Histogram latency, long requests, long errors, long timeouts, long shed, long kept, double perSecond, String firstError) {

        /** Timed out or shed: the system too slow for the rate, not wrong. */
        long overloaded() {
            return timeouts + shed;
        }

        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Counts of one run, filled from the event loop. */
    private record Tally(ConcurrentHistogram latency, AtomicLong errors, AtomicLong timeouts, AtomicLong shed, AtomicLong kept,
                         AtomicReference<String> first) {
        Tally() {
            this(new ConcurrentHistogram(3), new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicReference<>());
        }

        /** Records an answer that was meant to start at {@code from}; true when it had the expected status. */
        boolean record(long from, int expectedStatus, Answer answer) {
            if (answer.kept()) {
                kept.incrementAndGet();
            }
            return record(from, expectedStatus, answer.status(), answer.body(), null);
        }

        /** Records one answer (or failure) that was meant to start at {@code from}; true when it had the expected status. */
        boolean record(long from, int expectedStatus, int status, String body, Throwable failure) {
            latency.recordValue(Math.max(0, (System.nanoTime() - from) / 1000));
            if (failure != null) {
                errors.incrementAndGet();
                if (failure instanceof TimeoutException) {
                    timeouts.incrementAndGet();
                }
                first.compareAndSet(null, failure.toString());
                return false;
            }
            if (status != expectedStatus) {
                errors.incrementAndGet();
                if (status == 503) {
                    shed.incrementAndGet();
                }
                first.compareAndSet(null, status + " " + clip(body));
                return false;
            }
            return true;
        }

        Run run(long requests, double seconds) {
            return new Run(latency, requests, errors.get(), timeouts.get(), shed.get(), kept.get(), requests / seconds, first.get());
        }
    }

    private Load() {
    }

    /**
     * A response's status and body, and whether a read model served it from the answers it keeps ({@code Cache-Status}
     * hit); or the failure (a {@link TimeoutException} after {@link #TIMEOUT_MILLIS}).
     */
    private record Answer(int status, String body, boolean kept) {
    }

    /** The answer within {@link #TIMEOUT_MILLIS} of now, or a {@link TimeoutException}; a request given up on is reset. */
    private static Future<Answer> send(Call call) {
        Promise<Answer> answer = Promise.promise();
        long timer = VERTX.setTimer(TIMEOUT_MILLIS, id -> answer.tryFail(new TimeoutException("no answer within " + TIMEOUT_MILLIS + " ms")));
        // waiting for a free connection counts against the same bound
        RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(call.uri())
                .setConnectTimeout(TIMEOUT_MILLIS).setIdleTimeout(TIMEOUT_MILLIS);
        if (call.authorization() != null) {
            options.putHeader("Authorization", call.authorization());
        }
        if (call.contentType() != null) {
            options.putHeader("Content-Type", call.contentType());
        }
        CLIENT.request(options).onComplete(obtained -> {
            if (obtained.failed()) {
                answer.tryFail(obtained.cause());
                return;
            }
            HttpClientRequest request = obtained.result();
            if (answer.future().isComplete()) {
                request.reset();
                return;
            }
            answer.future().onFailure(e -> request.reset());
            (call.body() == null ? request.send() : request.send(Buffer.buffer(call.body())))
                    .compose(response -> response.body().map(body -> answer(response, body)))
                    .onComplete(done -> {
                        if (done.succeeded()) {
                            answer.tryComplete(done.result());
                        } else {
                            answer.tryFail(done.cause());
                        }
                    });
        });
        return answer.future().onComplete(done -> VERTX.cancelTimer(timer));
    }

    private static Answer answer(HttpClientResponse response, Buffer body) {
        // only an unexpected status needs the body (for the error message)
        String cache = response.getHeader("Cache-Status");
        return new Answer(response.statusCode(), response.statusCode() >= 400 ? body.toString(StandardCharsets.UTF_8) : "",
                cache != null && cache.endsWith("; hit"));
    }

    /**
     * {@code rate} requests a second for {@code seconds}, each measured from the moment it was meant to
     * be sent (coordinated omission corrected: a stalled system or a full connection pool does not
     * hide the wait).
     */
    static Run fixedRate(double rate, double seconds, int expectedStatus, LongFunction<Call> request) throws InterruptedException {
        return fixedRate(rate, seconds, expectedStatus, request, null);
    }

    /** As above; {@code answered} sees each expected answer (index, nanoTime of the answer). */
    static Run fixedRate(double rate, double seconds, int expectedStatus, LongFunction<Call> request,
                         ObjLongConsumer<Long> answered) throws InterruptedException {
        long n = Math.max(1, Math.round(rate * seconds));
        Tally tally = new Tally();
        CountDownLatch done = new CountDownLatch((int) n);
        long start = System.nanoTime() + 20_000_000L;
        double interval = 1e9 / rate;
        for (long i = 0; i < n; i++) {
            long intended = start + (long) (i * interval);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            Call call = request.apply(i);
            Long index = i;
            send(call).onComplete(ar -> {
                boolean expected = ar.succeeded()
                        ? tally.record(intended, expectedStatus, ar.result())
                        : tally.record(intended, expectedStatus, 0, null, ar.cause());
                if (expected && answered != null) {
                    answered.accept(index, System.nanoTime());
                }
                done.countDown();
            });
        }
        // every request is answered or times out within TIMEOUT_MILLIS of being sent; waiting longer would be a bug here
        if (!done.await(TIMEOUT_MILLIS + 10_000, TimeUnit.MILLISECONDS)) {
            tally.first().compareAndSet(null, done.getCount() + " requests never answered nor timed out");
            tally.errors().addAndGet(done.getCount());
        }
        return tally.run(n, (System.nanoTime() - start) / 1e9);
    }

    /** {@code workers} callers each sending as soon as the previous answer came, for {@code seconds}. */
    static Run closedLoop(int workers, double seconds, int expectedStatus, LongFunction<Call> request) throws InterruptedException {
        Tally tally = new Tally();
        AtomicLong count = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            callInTurn(request, seq, end, expectedStatus, tally, count, done);
        }
        if (!done.await((long) (seconds * 1000) + TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS)) {
            tally.first().compareAndSet(null, done.getCount() + " callers never finished");
        }
        return tally.run(count.get(), (System.nanoTime() - start) / 1e9);
    }

    /** One caller: sends, and on the answer sends again until {@code end}. */
    private static void callInTurn(LongFunction<Call> request, AtomicLong seq, long end, int expectedStatus, Tally tally,
                                   AtomicLong count, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long from = System.nanoTime();
        send(request.apply(seq.getAndIncrement())).onComplete(ar -> {
            if (ar.succeeded()) {
                tally.record(from, expectedStatus, ar.result());
            } else {
                tally.record(from, expectedStatus, 0, null, ar.cause());
            }
            count.incrementAndGet();
            callInTurn(request, seq, end, expectedStatus, tally, count, done);
        });
    }

    /**
     * Asks {@code call} until it answers {@code status}: completes with the {@link System#nanoTime} of that answer, or
     * fails once {@code giveUpNanos} passed since {@code from}. The next ask waits a tenth of the time waited so far, at
     * least {@code leastMillis}: the probe's resolution stays within a tenth of what it measures, and a system that
     * lags is not asked ever more often (a probe asking at a fixed pace would add load as the lag grows, and so grow it).
     */
    static Future<Long> awaitStatus(Call call, int status, long from, long leastMillis, long giveUpNanos) {
        Promise<Long> seen = Promise.promise();
        VERTX.runOnContext(v -> ask(call, status, from, leastMillis, giveUpNanos, seen));
        return seen.future();
    }

    private static void ask(Call call, int status, long from, long leastMillis, long giveUpNanos, Promise<Long> seen) {
        send(call).onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded() && ar.result().status() == status) {
                seen.complete(now);
            } else if (now - from > giveUpNanos) {
                seen.fail(new TimeoutException("not " + status + " within " + giveUpNanos / 1_000_000 + " ms: " + call.uri()));
            } else {
                long after = Math.max(leastMillis, (now - from) / 10_000_000);
                VERTX.setTimer(after, id -> ask(call, status, from, leastMillis, giveUpNanos, seen));
            }
        });
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
