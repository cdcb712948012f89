package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeFiguresTests {

    private static BigDecimal d(String s) {
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }

    static TradeReported report(String exports, String imports, String total, String balance) {
        return new TradeReported(PartialDate.parse("2021"), "KZ", "EU", PartialDate.parse("2021"),
                d(exports), d(imports), d(total), d(balance), List.of(new Source("x", null, null)));
    }

    @ParameterizedTest(name = "exports={0} imports={1} total={2} balance={3}")
    @CsvSource(nullValues = "", value = {
            // reported                     completed
            "18, 6,   ,   , 18, 6, 24, 12",
            "18,  , 24,   , 18, 6, 24, 12",
            "  , 6, 24,   , 18, 6, 24, 12",
            "18,  ,   , 12, 18, 6, 24, 12",
            "  , 6,   , 12, 18, 6, 24, 12",
            "  ,  , 24, 12, 18.00, 6.00, 24, 12",
            "10, 15,  ,   , 10, 15, 25, -5",
            "  ,  , 25, -5, 10.00, 15.00, 25, -5",
    })
    void completesTheFiguresAnyTwoIndependentOnesDetermine(String e, String i, String t, String b,
                                                          String ce, String ci, String ct, String cb) {
        TradeFigures f = TradeFigures.complete(report(e, i, t, b));
        assertThat(f.exportsUsd()).isEqualByComparingTo(ce);
        assertThat(f.importsUsd()).isEqualByComparingTo(ci);
        assertThat(f.totalUsd()).isEqualByComparingTo(ct);
        assertThat(f.balanceUsd()).isEqualByComparingTo(cb);
        assertThat(f.exportsDerived()).isEqualTo(e == null);
        assertThat(f.importsDerived()).isEqualTo(i == null);
        assertThat(f.totalDerived()).isEqualTo(t == null);
        assertThat(f.balanceDerived()).isEqualTo(b == null);
    }

    @Test
    void reportedFiguresAreKeptAsReportedEvenWhenRoundedDifferently() {
        // 10 + 5 = 15, reported 15.1: within 1%, so the report stands as given.
        TradeFigures f = TradeFigures.complete(report("10000", "5000", "15100", null));
        assertThat(f.totalUsd()).isEqualByComparingTo("15100");
        assertThat(f.balanceUsd()).isEqualByComparingTo("5000");
        assertThat(f.totalDerived()).isFalse();
        assertThat(f.balanceDerived()).isTrue();
    }

    @Test
    void oneFigureAloneDeterminesNothingElse() {
        TradeFigures onlyTotal = TradeFigures.complete(report(null, null, "24200000000", null));
        assertThat(onlyTotal.totalUsd()).isEqualByComparingTo("24200000000");
        assertThat(onlyTotal.exportsUsd()).isNull();
        assertThat(onlyTotal.importsUsd()).isNull();
        assertThat(onlyTotal.balanceUsd()).isNull();
        assertThat(onlyTotal.totalDerived()).isFalse();
        TradeFigures onlyBalance = TradeFigures.complete(report(null, null, null, "12700000000"));
        assertThat(onlyBalance.exportsUsd()).isNull();
        assertThat(onlyBalance.balanceUsd()).isEqualByComparingTo("12700000000");
        assertThat(TradeFigures.disagreement(report(null, null, "24200000000", null))).isEmpty();
    }

    @ParameterizedTest(name = "exports={0} imports={1} total={2} balance={3}")
    @CsvSource(nullValues = "", value = {
            "10000, 5000, 15000, 5000",
            "10000, 5000, 15150,     ",   // total exactly 1% of the trade off
            "10000, 5000, 14850,     ",
            "10000, 5000,      , 5150",   // balance 1% of the trade off
            "10000, 5000, 15100, 4900",
            "    0,    0,     0,    0",
            "    0,    0,     1,     ",   // tiny figures: a dollar of rounding is allowed
    })
    void figuresWithinOnePercentOfTheTradeAgree(String e, String i, String t, String b) {
        assertThat(TradeFigures.disagreement(report(e, i, t, b))).isEmpty();
    }

    @ParameterizedTest(name = "exports={0} imports={1} total={2} balance={3}")
    @CsvSource(nullValues = "", value = {
            "10000, 5000, 15151,     , totalUsd 15151 does not equal exports + imports (15000)",
            "10000, 5000, 14849,     , totalUsd",
            "10000, 5000,      , 5151, balanceUsd 5151 does not equal exports − imports (5000)",
            "10000, 5000, 15000, -5000, balanceUsd",
            "10000,     , 5000,      , negative imports",
            "     , 5000, 4000,      , negative exports",
            "     , 5000,     , -6000, negative exports",
            "     ,     , 1000, 3000 , negative imports",
            "    0,    0,    2,      , totalUsd",
    })
    void figuresThatCannotAllBeTrueDisagree(String e, String i, String t, String b, String why) {
        assertThat(TradeFigures.disagreement(report(e, i, t, b))).hasValueSatisfying(m -> assertThat(m).contains(why));
    }

    @Test
    void exportsAndImportsThatContradictTotalAndBalanceDisagree() {
        // Total 24 and balance 12 mean 18 and 6; exports 18 agrees, imports 9 does not.
        // (Exports and imports are solved first, so this reads as a total mismatch.)
        assertThat(TradeFigures.disagreement(report("18", "9", "24", "12"))).isPresent();
        assertThat(TradeFigures.disagreement(report("18", "6", "24", "12"))).isEmpty();
    }
}
