package io.multivector.bench;

import java.util.List;

/** How fast a process's memory grows: the least-squares line through its samples, in MiB per ten minutes. */
final class MemorySlope {

    /** A sample: minutes since the start, resident MiB. */
    record Point(double minute, double mib) {
    }

    private MemorySlope() {
    }

    /** The slope of the least-squares line through {@code points}; 0 with fewer than two distinct minutes. */
    static double perTenMinutes(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double mx = points.stream().mapToDouble(Point::minute).average().orElseThrow();
        double my = points.stream().mapToDouble(Point::mib).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            sxy += (p.minute() - mx) * (p.mib() - my);
            sxx += (p.minute() - mx) * (p.minute() - mx);
        }
        return sxx == 0 ? 0 : 10 * sxy / sxx;
    }
}
