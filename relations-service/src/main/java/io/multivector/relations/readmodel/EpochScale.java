package io.multivector.relations.readmodel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Decay at one half-life H, kept summable: a weight w on day d is stored as w × 2^((d − epoch)/H), so the
 * decayed sum of any set of events as of D is 2^(−(D − epoch)/H) × the sum of their stored values. Stored
 * values are exact decimals (34 significant digits, rounded once per contribution), so their sums in the
 * database do not depend on the order they were added in, and a subtraction undoes an addition exactly.
 */
public final class EpochScale {

    public static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
    private static final MathContext DIGITS = MathContext.DECIMAL128;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final double LOG2_10 = Math.log(10) / Math.log(2);

    private final int halfLifeDays;

    public EpochScale(int halfLifeDays) {
        this.halfLifeDays = halfLifeDays;
    }

    public int halfLifeDays() {
        return halfLifeDays;
    }

    /** {@code weight} on {@code day}, scaled to the epoch. */
    public BigDecimal scaled(BigDecimal weight, LocalDate day) {
        long days = ChronoUnit.DAYS.between(EPOCH, day);
        // 2^(days/H) = 2^k × 2^f with k whole: exact powers of two for any distance, 2^f in [1, 2) as a double
        long k = Math.floorDiv(days, halfLifeDays);
        double f = (double) (days - k * halfLifeDays) / halfLifeDays;
        return weight.multiply(new BigDecimal(Math.pow(2, f)), DIGITS).multiply(TWO.pow((int) k, DIGITS), DIGITS).stripTrailingZeros();
    }

    /** A sum of scaled values, decayed to {@code asOf}. */
    public double decayed(BigDecimal scaledSum, LocalDate asOf) {
        if (scaledSum.signum() == 0) {
            return 0;
        }
        double exponent = -(double) ChronoUnit.DAYS.between(EPOCH, asOf) / halfLifeDays;
        // mantissa × 10^p, so that sums far beyond a double's range still decay to a double
        int p = scaledSum.precision() - scaledSum.scale() - 1;
        double mantissa = scaledSum.movePointLeft(p).doubleValue();
        return mantissa * Math.pow(2, exponent + p * LOG2_10);
    }
}
