package org.explaint.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws one metric's real score against its controls as horizontal bars with 95% whiskers.
 *
 * <p>The scale runs from the smaller of 0 and the lowest interval end to the largest interval
 * end, so negative scores (a correlation below zero) stay visible. The real score is drawn in
 * blue, controls in grey; hovering a bar shows its value and interval.
 */
final class IntervalBars {
    private static final int WIDTH = 540;
    private static final int LEFT = 160;
    private static final int RIGHT = 70;
    private static final int ROW = 26;
    private static final int TOP = 24;

    /** One bar: its label, estimate, and whether it is the real score. */
    record Bar(String label, ReportContent.Estimate estimate, boolean real) {
    }

    private IntervalBars() {
    }

    /** Writes the bars of one metric under {@code caption}. */
    static void write(Html html, String caption, List<Bar> bars) {
        double low = 0;
        double high = 0;
        for (Bar bar : bars) {
            for (double v : new double[] {bar.estimate().value(), bar.estimate().lo(),
                bar.estimate().hi()}) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (high - low < 1e-9) {
            high = low + 1;
        }
        int height = TOP + bars.size() * ROW + 24;
        html.open("svg", "class", "bars", "viewBox", "0 0 " + WIDTH + " " + height, "width",
                String.valueOf(WIDTH), "height", String.valueOf(height), "role", "img",
                "aria-label", caption);
        html.element("text", caption, "x", "0", "y", "14", "class", "caption");

        // The zero line and the ends of the scale.
        double zero = x(0, low, high);
        html.open("g", "class", "axis");
        html.empty("line", "x1", fmt(zero), "x2", fmt(zero), "y1", String.valueOf(TOP - 4),
                "y2", String.valueOf(TOP + bars.size() * ROW), "class", "grid");
        html.element("text", String.format(Locale.ROOT, "%.2f", low), "x",
                fmt(x(low, low, high)), "y", String.valueOf(height - 6), "text-anchor", "middle");
        html.element("text", String.format(Locale.ROOT, "%.2f", high), "x",
                fmt(x(high, low, high)), "y", String.valueOf(height - 6), "text-anchor", "middle");
        html.close("g");

        // One row per bar: label, bar from zero, whisker, value.
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double top = TOP + i * ROW;
            ReportContent.Estimate e = bar.estimate();
            html.open("g", "class", bar.real() ? "bar real" : "bar control");
            html.element("text", bar.label(), "x", String.valueOf(LEFT - 8), "y", fmt(top + 15),
                    "text-anchor", "end");
            if (Double.isFinite(e.value())) {
                double end = x(e.value(), low, high);
                html.empty("rect", "x", fmt(Math.min(zero, end)), "y", fmt(top + 4), "width",
                        fmt(Math.abs(end - zero)), "height", "14");
            }
            if (Double.isFinite(e.lo()) && Double.isFinite(e.hi())) {
                html.empty("line", "x1", fmt(x(e.lo(), low, high)), "x2",
                        fmt(x(e.hi(), low, high)), "y1", fmt(top + 11), "y2", fmt(top + 11),
                        "class", "whisker");
            }
            html.element("text", Figures.decimal(e.value()), "x", String.valueOf(WIDTH - RIGHT
                    + 6), "y", fmt(top + 15), "class", "value");
            html.element("title", bar.label() + ": " + Figures.withInterval(e));
            html.close("g");
        }
        html.close("svg");
    }

    private static double x(double value, double low, double high) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (value - low) / (high - low);
    }

    private static String fmt(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }
}
