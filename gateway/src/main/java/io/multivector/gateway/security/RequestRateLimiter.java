package io.multivector.gateway.security;

import io.multivector.gateway.routing.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A token bucket per caller (key name, or address for anonymous callers). */
@ApplicationScoped
public class RequestRateLimiter {

    private final GatewayConfig.RateLimit defaults;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestRateLimiter(GatewayConfig config) {
        this.defaults = config.rateLimit();
    }

    /** 0 when the request may pass; otherwise the seconds until it may (for {@code Retry-After}). */
    public long secondsToWait(String caller, OptionalDouble ownRate) {
        double rate = ownRate.orElse(defaults.perSecond());
        int burst = ownRate.isPresent() ? (int) Math.max(1, Math.ceil(rate)) : defaults.burst();
        return buckets.computeIfAbsent(caller, c -> new Bucket(rate, burst)).take();
    }

    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double perSecond, int capacity) {
            this.perNano = perSecond / 1e9;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano / 1e9);
        }
    }
}
