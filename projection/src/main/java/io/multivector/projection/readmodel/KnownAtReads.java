package io.multivector.projection.readmodel;

import io.multivector.platform.problem.BusyException;
import io.multivector.projection.config.ProjectionConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The places for answers as known at a past time: at most {@code multivector.projection.known-at-reads} at once in
 * this instance. Such an answer reads the history of what it asks about (seconds of the database for a busy actor at a
 * million events); bounded, a burst of them cannot take every database connection from today's answers.
 */
@ApplicationScoped
public class KnownAtReads {

    private final Semaphore places;
    private final Duration wait;

    public KnownAtReads(ProjectionConfig config) {
        this.places = new Semaphore(config.knownAtReads(), true);
        this.wait = config.knownAtWait();
    }

    /** Takes a place, waiting at most {@code known-at-wait}; a {@link BusyException} (503) when none came free. */
    public void enter() {
        try {
            if (!places.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BusyException("too many answers as known at a past time are being computed at once"
                        + " (multivector.projection.known-at-reads); ask again shortly", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("interrupted while waiting to compute an answer as known at a past time", e);
        }
    }

    /** Gives back a place taken by {@link #enter()}. */
    public void leave() {
        places.release();
    }
}
