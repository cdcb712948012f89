package io.multivector.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/** Load generators over one HTTP/1.1 client: a fixed offered rate (open model) and a closed loop at max. */
final class Load {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** What a load run did: latencies in microseconds, requests done per second, errors and the first one. */
    record Run(Histogram latency, long requests, long errors, double perSecond, String firstError) {

        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {
    }

    /**
     * {@code rate} requests a second for {@code seconds}, each measured from the moment it was meant to
     * be sent (coordinated omission corrected: a stalled system or a full window of outstanding
     * requests does not hide the wait).
     */
    static Run fixedRate(double rate, double seconds, int expectedStatus, LongFunction<HttpRequest> request) throws InterruptedException {
        return fixedRate(rate, seconds, expectedStatus, request, null);
    }

    /** As above; {@code answered} sees each expected answer (index, nanoTime of the answer). */
    static Run fixedRate(double rate, double seconds, int expectedStatus, LongFunction<HttpRequest> request,
                         java.util.function.ObjLongConsumer<Long> answered) throws InterruptedException {
        long n = Math.max(1, Math.round(rate * seconds));
        ConcurrentHistogram h = new ConcurrentHistogram(3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        Semaphore window = new Semaphore(1024);
        CountDownLatch done = new CountDownLatch((int) n);
        long start = System.nanoTime() + 20_000_000L;
        double interval = 1e9 / rate;
        for (long i = 0; i < n; i++) {
            long intended = start + (long) (i * interval);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest r = request.apply(i);
            Long index = i;
            window.acquire();
            HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, e) -> {
                long now = System.nanoTime();
                h.recordValue(Math.max(0, (now - intended) / 1000));
                if (answered != null && e == null && resp.statusCode() == expectedStatus) {
                    answered.accept(index, now);
                }
                if (e != null || resp.statusCode() != expectedStatus) {
                    errors.incrementAndGet();
                    first.compareAndSet(null, e != null ? e.toString() : resp.statusCode() + " " + clip(resp.body()));
                }
                window.release();
                done.countDown();
            });
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            first.compareAndSet(null, done.getCount() + " requests never answered");
            errors.addAndGet(done.getCount());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(h, n, errors.get(), n / elapsed, first.get());
    }

    /** {@code workers} callers each sending as soon as the previous answer came, for {@code seconds}. */
    static Run closedLoop(int workers, double seconds, int expectedStatus, LongFunction<HttpRequest> request) throws InterruptedException {
        ConcurrentHistogram h = new ConcurrentHistogram(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong count = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest r = request.apply(seq.getAndIncrement());
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != expectedStatus) {
                            errors.incrementAndGet();
                            first.compareAndSet(null, resp.statusCode() + " " + clip(resp.body()));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        first.compareAndSet(null, e.toString());
                    }
                    h.recordValue((System.nanoTime() - t) / 1000);
                    count.incrementAndGet();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(h, count.get(), errors.get(), count.get() / elapsed, first.get());
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
