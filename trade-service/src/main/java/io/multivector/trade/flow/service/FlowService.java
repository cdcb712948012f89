package io.multivector.trade.flow.service;

import io.multivector.trade.readmodel.TradeQueries;
import io.multivector.trade.readmodel.TradeQueries.Flow;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Bilateral flows, and each partner's share of a reporter's trade in a year. */
@ApplicationScoped
public class FlowService {

    public record FlowView(String reporter, String partner, String period, BigDecimal exportsUsd, BigDecimal importsUsd,
                           BigDecimal totalUsd, BigDecimal balanceUsd, List<String> derived) {
    }

    public record PartnerShare(String partner, BigDecimal totalUsd, double share) {
    }

    private final TradeQueries queries;

    public FlowService(TradeQueries queries) {
        this.queries = queries;
    }

    public List<FlowView> flows(String reporter, String partner, LocalDate from, LocalDate to, Instant knownAt) {
        return queries.flows(reporter, partner, from, to, knownAt).stream()
                .sorted(Comparator.comparing(Flow::periodStart).thenComparing(Flow::reporter).thenComparing(Flow::partner))
                .map(f -> new FlowView(f.reporter(), f.partner(), f.period(), f.exportsUsd(), f.importsUsd(), f.totalUsd(),
                        f.balanceUsd(), f.derived())).toList();
    }

    /**
     * Partners by total trade in a year: a yearly report where there is one, else the sum of the
     * monthly ones; shares of the sum over the partners listed.
     */
    public List<PartnerShare> partners(String reporter, int year, Instant knownAt) {
        return shares(queries.flows(reporter, null, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), knownAt), year);
    }

    /** The partner shares of the latest year from {@code lastYear} back over {@code years} years that has any: one read. */
    public YearShares latestPartners(String reporter, int lastYear, int years, Instant knownAt) {
        List<Flow> flows = queries.flows(reporter, null, LocalDate.of(lastYear - years + 1, 1, 1), LocalDate.of(lastYear, 12, 31),
                knownAt);
        for (int y = lastYear; y > lastYear - years; y--) {
            List<PartnerShare> shares = shares(flows, y);
            if (!shares.isEmpty()) {
                return new YearShares(y, shares);
            }
        }
        return new YearShares(lastYear, List.of());
    }

    /** A year's partner shares, and which year that is. */
    public record YearShares(int year, List<PartnerShare> shares) {
    }

    private static List<PartnerShare> shares(List<Flow> reported, int year) {
        List<Flow> flows = reported.stream().filter(f -> f.periodStart().getYear() == year && f.totalUsd() != null).toList();
        Map<String, List<Flow>> byPartner = flows.stream().collect(Collectors.groupingBy(Flow::partner, TreeMap::new, Collectors.toList()));
        Map<String, BigDecimal> totals = new TreeMap<>();
        byPartner.forEach((partner, fs) -> {
            List<Flow> yearly = fs.stream().filter(f -> f.period().length() == 4).toList();
            List<Flow> used = yearly.isEmpty() ? fs : yearly;
            totals.put(partner, used.stream().map(Flow::totalUsd).reduce(BigDecimal.ZERO, BigDecimal::add));
        });
        BigDecimal sum = totals.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<PartnerShare> out = new ArrayList<>();
        totals.forEach((p, t) -> out.add(new PartnerShare(p, t, sum.signum() == 0 ? 0
                : t.divide(sum, 6, RoundingMode.HALF_EVEN).doubleValue())));
        out.sort(Comparator.comparing(PartnerShare::totalUsd).reversed().thenComparing(PartnerShare::partner));
        return out;
    }
}
