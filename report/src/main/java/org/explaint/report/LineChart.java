package org.explaint.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws per-layer fractions as lines with 95% interval whiskers, as inline SVG.
 *
 * <p>The vertical scale is fixed to [0, 1]. Layers named in {@code flagged} get a dashed red
 * marker: the layers at which an attention claim was judged weak or not warranted. Hovering a
 * point shows its value and interval.
 */
final class LineChart {
    /** Colours that stay distinct for common colour-vision deficiencies (Okabe and Ito). */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
        "#56B4E9", "#000000"};

    private static final int WIDTH = 540;
    private static final int HEIGHT = 280;
    private static final int LEFT = 44;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;

    /** One line: its name and a value per layer, index i belonging to {@code labels[i]}. */
    record Series(String name, List<ReportContent.Estimate> points) {
    }

    private LineChart() {
    }

    /**
     * Writes one chart and its legend.
     *
     * @param html where to write
     * @param caption what the chart shows
     * @param labels the layer name of each point, as the analysis names it
     * @param series the lines
     * @param flagged point index to the claims flagged at that layer (shown on hover)
     */
    static void write(Html html, String caption, List<String> labels, List<Series> series,
            Map<Integer, String> flagged) {
        html.open("figure", "class", "chart");
        html.open("svg", "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "width", String.valueOf(WIDTH),
                "height", String.valueOf(HEIGHT), "role", "img", "aria-label", caption);
        int maxLayer = Math.max(1, labels.size() - 1);

        // Grid and scale: fixed fractions 0 to 1, layers along the bottom.
        html.open("g", "class", "axis");
        for (int tick = 0; tick <= 4; tick++) {
            double y = y(tick / 4.0);
            html.empty("line", "x1", String.valueOf(LEFT), "x2", String.valueOf(WIDTH - RIGHT),
                    "y1", fmt(y), "y2", fmt(y), "class", "grid");
            html.element("text", String.format(Locale.ROOT, "%.2f", tick / 4.0), "x",
                    String.valueOf(LEFT - 6), "y", fmt(y + 4), "text-anchor", "end");
        }
        for (int i = 0; i < labels.size(); i++) {
            html.element("text", labels.get(i), "x", fmt(x(i, maxLayer)), "y",
                    String.valueOf(HEIGHT - BOTTOM + 16), "text-anchor", "middle");
        }
        html.element("text", "layer", "x", String.valueOf((LEFT + WIDTH - RIGHT) / 2), "y",
                String.valueOf(HEIGHT - 4), "text-anchor", "middle");
        html.close("g");

        // Markers at the layers where claims were flagged.
        for (Map.Entry<Integer, String> flag : flagged.entrySet()) {
            double x = x(flag.getKey(), maxLayer);
            html.open("g", "class", "flag");
            html.empty("line", "x1", fmt(x), "x2", fmt(x), "y1", String.valueOf(TOP - 10),
                    "y2", String.valueOf(HEIGHT - BOTTOM));
            html.element("text", "flagged", "x", fmt(x + 3), "y", String.valueOf(TOP - 12));
            html.element("title", flag.getValue());
            html.close("g");
        }

        // Each series: a line through the available points, whiskers for intervals.
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = PALETTE[s % PALETTE.length];
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < line.points().size() && i < labels.size(); i++) {
                double value = line.points().get(i).value();
                if (Double.isFinite(value)) {
                    path.append(path.isEmpty() ? "M" : " L").append(fmt(x(i, maxLayer)))
                            .append(' ').append(fmt(y(value)));
                }
            }
            html.open("g", "class", "series", "stroke", colour, "fill", colour);
            html.empty("path", "d", path.isEmpty() ? "M0 0" : path.toString(), "fill", "none");
            for (int i = 0; i < line.points().size() && i < labels.size(); i++) {
                ReportContent.Estimate point = line.points().get(i);
                if (!Double.isFinite(point.value())) {
                    continue;
                }
                double x = x(i, maxLayer);
                if (Double.isFinite(point.lo()) && Double.isFinite(point.hi())) {
                    html.empty("line", "x1", fmt(x), "x2", fmt(x), "y1", fmt(y(point.lo())),
                            "y2", fmt(y(point.hi())), "class", "whisker");
                }
                html.open("circle", "cx", fmt(x), "cy", fmt(y(point.value())), "r", "3.5");
                html.element("title", line.name() + ", layer " + labels.get(i) + ": "
                        + Figures.withInterval(point));
                html.close("circle");
            }
            html.close("g");
        }
        html.close("svg");

        // Legend as HTML, so names wrap and stay selectable.
        html.open("figcaption");
        html.element("span", caption, "class", "caption");
        html.open("ul", "class", "legend");
        for (int s = 0; s < series.size(); s++) {
            html.open("li");
            html.open("svg", "width", "14", "height", "10", "aria-hidden", "true");
            html.empty("rect", "width", "14", "height", "10", "fill",
                    PALETTE[s % PALETTE.length]);
            html.close("svg");
            html.text(" " + series.get(s).name());
            html.close("li");
        }
        html.close("ul");
        html.close("figcaption");
        html.close("figure");
    }

    private static double x(int index, int maxIndex) {
        return LEFT + 10 + (WIDTH - LEFT - RIGHT - 20) * (double) index / maxIndex;
    }

    private static double y(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clamped);
    }

    private static String fmt(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }
}
