package io.multivector.ingest.store.service;

import io.agroal.api.AgroalDataSource;
import io.multivector.ingest.store.repository.EventRepository;
import io.multivector.ingest.store.repository.EventRepository.EventFilter;
import io.multivector.ingest.store.repository.EventRepository.Paged;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the store; every read sees committed events only. */
@ApplicationScoped
public class EventReader {

    private final AgroalDataSource dataSource;
    private final EventRepository repository;

    public EventReader(AgroalDataSource dataSource, EventRepository repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    /** A page of stored events as their CloudEvents JSON, with the cursor of the next page if there is one. */
    public record Page(List<String> envelopes, String next) {
    }

    /** A stored event; with who wrote it when {@code withProvenance} (admins only). */
    public Optional<EventRepository.Stored> byId(UUID id, boolean withProvenance) {
        try (Connection c = dataSource.getConnection()) {
            return repository.storedById(c, id, withProvenance);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Page list(EventFilter filter, long after, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return page(repository.page(c, filter, after, limit + 1), limit);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Page stream(String stream, long after, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return page(repository.streamPage(c, stream, after, limit + 1), limit);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One more row than the page was read to learn whether a next page exists. */
    private static Page page(List<Paged> rows, int limit) {
        boolean more = rows.size() > limit;
        List<Paged> shown = more ? rows.subList(0, limit) : rows;
        return new Page(shown.stream().map(Paged::envelope).toList(),
                more ? Long.toString(shown.getLast().cursor()) : null);
    }
}
