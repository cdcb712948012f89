package io.multivector.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MemorySlopeTest {

    @Test
    void aSteadyGrowthOfTwoMiBAMinuteIsTwentyPerTenMinutesWhateverTheNoiseAroundIt() {
        List<MemorySlope.Point> points = IntStream.range(0, 60)
                .mapToObj(i -> new MemorySlope.Point(i / 6.0, 300 + 2 * (i / 6.0) + (i % 2 == 0 ? 5 : -5))).toList();
        assertThat(MemorySlope.perTenMinutes(points)).isCloseTo(20, within(1.0));
    }

    @Test
    void flatMemoryHasNoSlopeAndTooFewSamplesSayNothing() {
        assertThat(MemorySlope.perTenMinutes(List.of(new MemorySlope.Point(1, 400), new MemorySlope.Point(2, 400),
                new MemorySlope.Point(3, 400)))).isZero();
        assertThat(MemorySlope.perTenMinutes(List.of(new MemorySlope.Point(1, 400)))).isZero();
    }
}
