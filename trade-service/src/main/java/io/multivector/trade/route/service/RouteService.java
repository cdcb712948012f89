package io.multivector.trade.route.service;

import io.multivector.trade.readmodel.TradeQueries;
import io.multivector.trade.readmodel.TradeQueries.Registration;
import io.multivector.trade.readmodel.TradeQueries.StatusChange;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.multivector.platform.rest.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Routes as they stand now, with the history of their status and capacity. */
@ApplicationScoped
public class RouteService {

    public record Change(String on, String status, BigDecimal capacity) {
    }

    public record Route(String routeId, String name, String kind, String origin, String destination, List<String> transit,
                        BigDecimal lengthKm, BigDecimal capacity, String capacityUnit, String operator, String status,
                        String registeredOn, List<Change> history,
                        @JsonInclude(JsonInclude.Include.NON_NULL)
                        @Schema(description = "one route's answer only: the recorded time it is as known at") Instant knownAt) {
    }

    private final TradeQueries queries;

    public RouteService(TradeQueries queries) {
        this.queries = queries;
    }

    public List<Route> routes(Instant knownAt) {
        Map<String, List<Registration>> regs = queries.registrations(null, knownAt).stream()
                .collect(Collectors.groupingBy(Registration::routeId, TreeMap::new, Collectors.toList()));
        Map<String, List<StatusChange>> changes = queries.statusChanges(null, knownAt).stream()
                .collect(Collectors.groupingBy(StatusChange::routeId));
        return regs.entrySet().stream().map(e -> route(e.getValue(), changes.getOrDefault(e.getKey(), List.of()), null)).toList();
    }

    public Optional<Route> route(String routeId, Instant knownAt) {
        List<Registration> regs = queries.registrations(routeId, knownAt);
        return regs.isEmpty() ? Optional.empty()
                : Optional.of(route(regs, queries.statusChanges(routeId, knownAt), QueryParameters.knownAtUsed(knownAt)));
    }

    /** The registration in effect on a day: the latest one made by then, else the first. */
    public static Registration asOf(List<Registration> registrations, LocalDate day) {
        Registration inEffect = registrations.getFirst();
        for (Registration r : registrations) {
            if (!r.occurred().isAfter(day)) {
                inEffect = r;
            }
        }
        return inEffect;
    }

    private static Route route(List<Registration> regs, List<StatusChange> changes, Instant knownAt) {
        record Step(LocalDate on, long sequence, String onText, String status, BigDecimal capacity) {
        }
        List<Step> steps = new ArrayList<>();
        regs.forEach(r -> steps.add(new Step(r.occurred(), r.sequence(), r.occurredText(), r.status(), r.capacity())));
        changes.forEach(c -> steps.add(new Step(c.occurred(), c.sequence(), c.occurredText(), c.status(), c.capacity())));
        steps.sort(Comparator.comparing(Step::on).thenComparingLong(Step::sequence));
        Registration latest = regs.getLast();
        String status = steps.getLast().status();
        BigDecimal capacity = null;
        for (Step s : steps) {
            if (s.capacity() != null) {
                capacity = s.capacity();
            }
        }
        return new Route(latest.routeId(), latest.name(), latest.kind(), latest.origin(), latest.destination(), latest.transit(),
                latest.lengthKm(), capacity, latest.capacityUnit(), latest.operator(), status, regs.getFirst().occurredText(),
                steps.stream().map(s -> new Change(s.onText(), s.status(), s.capacity())).toList(), knownAt);
    }
}
