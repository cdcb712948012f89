package io.multivector.bench;

import java.util.List;
import java.util.Locale;

/**
 * The latency-versus-offered-load sweep of single POSTs as an SVG chart: p50 and p99 (log scale)
 * over the offered rates, the 25 ms target as a line, and each point's achieved rate beneath it.
 */
final class SweepPlot {

    /** One rate of the sweep: offered and achieved requests a second, latencies in ms, requests that timed out. */
    record Point(double offered, double achieved, double p50, double p99, long timeouts) {
    }

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 80;
    private static final double TARGET_MS = 25;

    private SweepPlot() {
    }

    static String svg(String title, List<Point> points) {
        double lowest = Math.max(0.1, points.stream().mapToDouble(Point::p50).filter(v -> v > 0).min().orElse(1));
        double highest = Math.max(TARGET_MS * 2, points.stream().mapToDouble(Point::p99).max().orElse(100));
        double yMin = Math.pow(10, Math.floor(Math.log10(lowest)));
        double yMax = Math.pow(10, Math.ceil(Math.log10(highest)));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        for (double decade = yMin; decade <= yMax * 1.0001; decade *= 10) {
            double y = y(decade, yMin, yMax);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT - 6, y + 4, label(decade)));
        }
        double target = y(TARGET_MS, yMin, yMax);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" "
                + "stroke-dasharray=\"6 4\"/>%n", LEFT, target, WIDTH - RIGHT, target));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c00\" text-anchor=\"end\">p99 target 25 ms</text>%n",
                WIDTH - RIGHT, target - 4));
        line(s, points, Point::p50, yMin, yMax, "#36c", "p50", 0);
        line(s, points, Point::p99, yMin, yMax, "#e80", "p99", 1);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double x = x(i, points.size());
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s/s</text>%n",
                    x, HEIGHT - BOTTOM + 18, label(p.offered())));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">got %s%s</text>%n",
                    x, HEIGHT - BOTTOM + 34, label(Math.round(p.achieved())), p.timeouts() > 0 ? ", " + p.timeouts() + " t/o" : ""));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered single POSTs per second "
                + "(achieved below)</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 18));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void line(StringBuilder s, List<Point> points, java.util.function.ToDoubleFunction<Point> value,
                             double yMin, double yMax, String colour, String name, int legendRow) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double v = Math.max(yMin, value.applyAsDouble(points.get(i)));
            double x = x(i, points.size());
            double y = y(v, yMin, yMax);
            path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
        }
        s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + 10, TOP + 14 + 16 * legendRow,
                colour, name));
    }

    private static double x(int i, int n) {
        double span = WIDTH - LEFT - RIGHT;
        return LEFT + (n == 1 ? span / 2 : span * (0.05 + 0.9 * i / (n - 1)));
    }

    private static double y(double v, double yMin, double yMax) {
        double span = HEIGHT - TOP - BOTTOM;
        return TOP + span * (1 - (Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin)));
    }

    private static String label(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
