package io.multivector.ingest.relay.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The rows this instance's writer has just committed, handed to the relay in memory so it need not
 * read them back from the table, and the wake-up that goes with them. Only a run that continues the
 * relay's position is handed out: rows committed by another instance, or dropped here because the
 * relay fell far behind, leave a gap, and the relay reads the table instead.
 */
@ApplicationScoped
public class CommittedRows {

    /** Enough for several groups; beyond it the oldest go, and the relay reads them from the table. */
    static final int CAPACITY = 50_000;

    private final Semaphore permits = new Semaphore(0);
    private final Deque<List<RelayRow>> groups = new ArrayDeque<>();
    private int held;
    private long last;

    /**
     * Called after each commit, with the group's rows in sequence order (consecutive sequences). A group that
     * stored nothing (replays only) wakes nobody: a relay woken for nothing would take the wake-up for news and
     * put off the poll that finds other instances' rows.
     */
    public void handOff(List<RelayRow> committed) {
        if (committed.isEmpty()) {
            return;
        }
        synchronized (this) {
            groups.addLast(committed);
            held += committed.size();
            last = Math.max(last, committed.getLast().sequence());
            while (held > CAPACITY) {
                held -= groups.removeFirst().size();
            }
        }
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Up to {@code limit} rows right after {@code sequence}, as far as they run without a gap; empty when none do. */
    synchronized List<RelayRow> after(long sequence, int limit) {
        while (!groups.isEmpty() && groups.peekFirst().getLast().sequence() <= sequence) {
            held -= groups.removeFirst().size();
        }
        List<RelayRow> out = new ArrayList<>();
        long next = sequence + 1;
        for (List<RelayRow> group : groups) {
            if (out.size() >= limit) {
                break;
            }
            for (RelayRow row : group) {
                if (row.sequence() < next) {
                    continue;
                }
                if (row.sequence() != next || out.size() >= limit) {
                    return out;
                }
                out.add(row);
                next++;
            }
        }
        return out;
    }

    /** Whether rows after {@code sequence} are held that do not follow on from it: the table has the ones between. */
    synchronized boolean gapAfter(long sequence) {
        return groups.stream().anyMatch(g -> g.getLast().sequence() > sequence) && after(sequence, 1).isEmpty();
    }

    /** The last sequence handed off, or 0. */
    synchronized long lastHandedOff() {
        return last;
    }

    /** Waits for a hand-off or the timeout, whichever comes first; true when woken by a hand-off. */
    boolean await(long millis) throws InterruptedException {
        if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
            return true;
        }
        return false;
    }
}
