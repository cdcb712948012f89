package io.multivector.events.catalogue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The four trade figures of a report, completed from any two that determine the others
 * (total = exports + imports, balance = exports − imports). {@code derived} says which were
 * computed rather than reported.
 */
public record TradeFigures(BigDecimal exportsUsd, BigDecimal importsUsd, BigDecimal totalUsd, BigDecimal balanceUsd,
                           boolean exportsDerived, boolean importsDerived, boolean totalDerived, boolean balanceDerived) {

    /** Reported figures are rounded; they agree when within 1% of the trade they describe. */
    static final BigDecimal TOLERANCE = new BigDecimal("0.01");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** Exports and imports solved from the reported figures, if any two independent ones were given. */
    private record Solved(BigDecimal exports, BigDecimal imports) {
    }

    public static TradeFigures complete(TradeReported r) {
        Optional<Solved> s = solve(r.exportsUsd(), r.importsUsd(), r.totalUsd(), r.balanceUsd());
        if (s.isEmpty()) {
            return new TradeFigures(r.exportsUsd(), r.importsUsd(), r.totalUsd(), r.balanceUsd(), false, false, false, false);
        }
        BigDecimal e = s.get().exports();
        BigDecimal i = s.get().imports();
        return new TradeFigures(
                r.exportsUsd() != null ? r.exportsUsd() : e,
                r.importsUsd() != null ? r.importsUsd() : i,
                r.totalUsd() != null ? r.totalUsd() : e.add(i),
                r.balanceUsd() != null ? r.balanceUsd() : e.subtract(i),
                r.exportsUsd() == null, r.importsUsd() == null, r.totalUsd() == null, r.balanceUsd() == null);
    }

    /** Why the reported figures cannot all be true, or empty when they agree. */
    static Optional<String> disagreement(TradeReported r) {
        Optional<Solved> s = solve(r.exportsUsd(), r.importsUsd(), r.totalUsd(), r.balanceUsd());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal e = s.get().exports();
        BigDecimal i = s.get().imports();
        if (e.signum() < 0 || i.signum() < 0) {
            return Optional.of("the figures imply negative " + (e.signum() < 0 ? "exports" : "imports"));
        }
        BigDecimal total = e.add(i);
        BigDecimal allowed = total.abs().multiply(TOLERANCE).max(BigDecimal.ONE);
        if (r.totalUsd() != null && r.totalUsd().subtract(total).abs().compareTo(allowed) > 0) {
            return Optional.of("totalUsd " + r.totalUsd().toPlainString() + " does not equal exports + imports ("
                    + total.toPlainString() + ")");
        }
        BigDecimal balance = e.subtract(i);
        if (r.balanceUsd() != null && r.balanceUsd().subtract(balance).abs().compareTo(allowed) > 0) {
            return Optional.of("balanceUsd " + r.balanceUsd().toPlainString() + " does not equal exports − imports ("
                    + balance.toPlainString() + ")");
        }
        if (r.exportsUsd() != null && r.exportsUsd().subtract(e).abs().compareTo(allowed) > 0
                || r.importsUsd() != null && r.importsUsd().subtract(i).abs().compareTo(allowed) > 0) {
            return Optional.of("exportsUsd and importsUsd do not agree with totalUsd and balanceUsd");
        }
        return Optional.empty();
    }

    private static Optional<Solved> solve(BigDecimal e, BigDecimal i, BigDecimal t, BigDecimal b) {
        if (e != null && i != null) {
            return Optional.of(new Solved(e, i));
        }
        if (e != null && t != null) {
            return Optional.of(new Solved(e, t.subtract(e)));
        }
        if (i != null && t != null) {
            return Optional.of(new Solved(t.subtract(i), i));
        }
        if (e != null && b != null) {
            return Optional.of(new Solved(e, e.subtract(b)));
        }
        if (i != null && b != null) {
            return Optional.of(new Solved(b.add(i), i));
        }
        if (t != null && b != null) {
            return Optional.of(new Solved(t.add(b).divide(TWO, 2, RoundingMode.HALF_EVEN),
                    t.subtract(b).divide(TWO, 2, RoundingMode.HALF_EVEN)));
        }
        return Optional.empty();
    }
}
