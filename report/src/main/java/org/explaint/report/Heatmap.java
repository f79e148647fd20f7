package org.explaint.report;

/**
 * Draws a layer × head grid of scores as inline SVG, one cell per head, darker for higher.
 *
 * <p>The colour scale is fixed to [0, 1] (scores are fractions), so grids of different relations
 * compare by eye. Hovering a cell shows its exact score (the SVG {@code <title>}); the best head
 * of the relation is outlined.
 */
final class Heatmap {
    private static final int CELL_WIDTH = 24;
    private static final int CELL_HEIGHT = 20;
    private static final int LEFT = 56;
    private static final int TOP = 34;

    private Heatmap() {
    }

    /**
     * Writes one grid.
     *
     * @param html where to write
     * @param scores scores shaped [layer, head]; NaN cells are drawn hatched grey
     * @param caption what the grid shows, e.g. the relation and direction
     * @param bestLayer layer of the cell to outline, or -1
     * @param bestHead head of the cell to outline, or -1
     */
    static void write(Html html, double[][] scores, String caption, int bestLayer, int bestHead) {
        int layers = scores.length;
        int heads = 0;
        for (double[] row : scores) {
            heads = Math.max(heads, row.length);
        }
        int width = LEFT + heads * CELL_WIDTH + 8;
        int height = TOP + layers * CELL_HEIGHT + 8;
        html.open("svg", "class", "heatmap", "viewBox", "0 0 " + width + " " + height,
                "width", String.valueOf(width), "height", String.valueOf(height),
                "role", "img", "aria-label", caption);
        html.element("text", caption, "x", "0", "y", "12", "class", "caption");

        // Axis labels: heads along the top, layers down the side, both counted from 0.
        html.open("g", "class", "axis");
        html.element("text", "head", "x", String.valueOf(LEFT - 4), "y", "27", "text-anchor",
                "end");
        for (int h = 0; h < heads; h++) {
            html.element("text", String.valueOf(h), "x",
                    String.valueOf(LEFT + h * CELL_WIDTH + CELL_WIDTH / 2), "y", "27",
                    "text-anchor", "middle");
        }
        for (int l = 0; l < layers; l++) {
            html.element("text", "layer " + l, "x", String.valueOf(LEFT - 4), "y",
                    String.valueOf(TOP + l * CELL_HEIGHT + 14), "text-anchor", "end");
        }
        html.close("g");

        // One cell per head, its score in the tooltip.
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < scores[l].length; h++) {
                double score = scores[l][h];
                html.open("rect", "x", String.valueOf(LEFT + h * CELL_WIDTH), "y",
                        String.valueOf(TOP + l * CELL_HEIGHT), "width",
                        String.valueOf(CELL_WIDTH - 1), "height", String.valueOf(CELL_HEIGHT - 1),
                        "fill", Double.isFinite(score) ? colour(score) : "#d9d9d9",
                        "class", l == bestLayer && h == bestHead ? "best" : null);
                html.element("title", "head " + Figures.head(l, h) + ": "
                        + Figures.decimal(score));
                html.close("rect");
            }
        }
        html.close("svg");
    }

    /** Writes the colour key from 0 to 1. */
    static void writeKey(Html html) {
        html.open("svg", "class", "key", "viewBox", "0 0 220 30", "width", "220", "height", "30",
                "role", "img", "aria-label", "colour key: score from 0 to 1");
        for (int i = 0; i < 20; i++) {
            html.empty("rect", "x", String.valueOf(20 + i * 9), "y", "2", "width", "9",
                    "height", "12", "fill", colour(i / 19.0));
        }
        html.open("g", "class", "axis");
        html.element("text", "0", "x", "20", "y", "27", "text-anchor", "middle");
        html.element("text", "1", "x", "200", "y", "27", "text-anchor", "middle");
        html.close("g");
        html.close("svg");
    }

    /** A colour from pale yellow (0) through green to dark blue (1), clamped to [0, 1]. */
    static String colour(double score) {
        double[][] stops = {{255, 255, 217}, {127, 205, 187}, {29, 145, 192}, {8, 29, 88}};
        double t = Math.max(0, Math.min(1, score)) * (stops.length - 1);
        int i = Math.min((int) t, stops.length - 2);
        double f = t - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return String.format("#%02x%02x%02x", r, g, b);
    }
}
