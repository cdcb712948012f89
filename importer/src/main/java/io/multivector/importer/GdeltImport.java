package io.multivector.importer;

import io.multivector.events.EventCodec;
import io.multivector.importer.gdelt.CameoActors;
import io.multivector.importer.gdelt.GdeltExportFile;
import io.multivector.importer.gdelt.GdeltRowMapping;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Imports GDELT 2.0 event exports through the gateway: each row mapped (or skipped with its reason),
 * the events sent in NDJSON batches while the next batch is being read.
 */
public final class GdeltImport {

    public static final int DEFAULT_BATCH = 2_000;
    /** Batches in flight at once: one being stored while the next is sent. */
    static final int IN_FLIGHT = 2;

    private final String gatewayUrl;
    private final String key;
    private final GdeltRowMapping mapping;
    private final int batchSize;

    public GdeltImport(String gatewayUrl, String key, int batchSize) {
        EventCodec codec = EventCodec.bundled();
        this.gatewayUrl = gatewayUrl;
        this.key = key;
        this.mapping = new GdeltRowMapping(new CameoActors(codec.reference()), codec);
        this.batchSize = batchSize;
    }

    /** Imports the files in order; progress goes to {@code progressOut} when it is a terminal. */
    public ImportReport run(List<Path> files, PrintStream progressOut, boolean terminal) throws ImportFailedException, InterruptedException {
        long total = 0;
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new ImportFailedException("cannot read " + f);
            }
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new ImportFailedException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        ImportProgress progress = new ImportProgress(progressOut, terminal, total);
        try (EventBatchSender sender = new EventBatchSender(gatewayUrl, key)) {
            return run(files, sender, progress);
        }
    }

    private ImportReport run(List<Path> files, EventBatchSender sender, ImportProgress progress)
            throws ImportFailedException, InterruptedException {
        ImportReport report = new ImportReport();
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<Future<EventBatchSender.Stored>> sent = new ArrayList<>();
        Batch batch = new Batch();
        long before = 0;
        try {
            for (Path f : files) {
                try (GdeltExportFile file = new GdeltExportFile(f)) {
                    for (GdeltExportFile.Line line = file.next(); line != null; line = file.next()) {
                        if (line.text().isBlank()) {
                            continue;
                        }
                        report.read();
                        switch (mapping.map(line.text())) {
                            case GdeltRowMapping.Skipped s -> report.skipped(s.reason(), line.where(), s.detail());
                            case GdeltRowMapping.Interaction i -> {
                                if (!batch.add(i, line.where())) {
                                    report.stored(0, 1); // the same row twice in one batch: one event, already counted
                                }
                            }
                        }
                        if (batch.size() == batchSize) {
                            submit(sender, batch, pool, slots, sent, report);
                            batch = new Batch();
                        }
                        progress.update(f.getFileName().toString(), before + file.bytesRead(), report);
                    }
                    before += file.bytesRead();
                } catch (IOException e) {
                    throw new ImportFailedException("cannot read " + f + ": " + e.getMessage(), e);
                }
            }
            if (batch.size() > 0) {
                submit(sender, batch, pool, slots, sent, report);
            }
            for (Future<EventBatchSender.Stored> s : sent) {
                collect(s, report);
            }
        } finally {
            pool.shutdownNow();
            progress.done();
        }
        return report;
    }

    private static void submit(EventBatchSender sender, Batch batch, ExecutorService pool, Semaphore slots, List<Future<EventBatchSender.Stored>> sent,
                        ImportReport report) throws InterruptedException, ImportFailedException {
        slots.acquire();
        sent.add(pool.submit(() -> {
            try {
                return sender.send(batch.lines, batch.wheres);
            } finally {
                slots.release();
            }
        }));
        // Collect what has finished, so a refusal stops the import at once and the report is current.
        while (!sent.isEmpty() && sent.getFirst().isDone()) {
            collect(sent.removeFirst(), report);
        }
    }

    private static void collect(Future<EventBatchSender.Stored> f, ImportReport report) throws ImportFailedException, InterruptedException {
        try {
            EventBatchSender.Stored s = f.get();
            report.stored(s.created(), s.alreadyPresent());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ImportFailedException failed) {
                throw failed;
            }
            throw new ImportFailedException("sending a batch failed: " + e.getCause(), e.getCause());
        }
    }

    /** Events of one batch, each id once (a store batch must not hold one id twice). */
    private static final class Batch {
        final List<byte[]> lines = new ArrayList<>();
        final List<String> wheres = new ArrayList<>();
        private final Set<UUID> ids = new HashSet<>();

        boolean add(GdeltRowMapping.Interaction i, String where) {
            if (!ids.add(i.id())) {
                return false;
            }
            lines.add(i.json());
            wheres.add(where);
            return true;
        }

        int size() {
            return lines.size();
        }
    }
}
