package org.explaint.report;

import java.util.Locale;

/**
 * Formats the numbers of a report at the roundings the page states.
 *
 * <p>Scores, rates and shares are fractions in [0, 1]: sentences show them as whole percentages,
 * tables and tooltips as three decimals. A value the results did not contain is NaN and shows as
 * "not available". Formatting always uses the root locale, so a report reads the same everywhere.
 */
final class Figures {
    /** What a missing value shows as. */
    static final String NOT_AVAILABLE = "not available";

    private Figures() {
    }

    /** A value at three decimals, e.g. {@code 0.612}. */
    static String decimal(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : NOT_AVAILABLE;
    }

    /** A p-value: three decimals, or {@code < 0.001} below that. */
    static String pValue(double value) {
        if (Double.isFinite(value) && value < 0.001) {
            return "< 0.001";
        }
        return decimal(value);
    }

    /** A fraction as a whole percentage, e.g. {@code 61%}. */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return NOT_AVAILABLE;
        }
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** An interval at three decimals, e.g. {@code [0.571, 0.652]}. */
    static String interval(ReportContent.Estimate estimate) {
        if (!Double.isFinite(estimate.lo()) || !Double.isFinite(estimate.hi())) {
            return NOT_AVAILABLE;
        }
        return "[" + decimal(estimate.lo()) + ", " + decimal(estimate.hi()) + "]";
    }

    /** A value and its interval, e.g. {@code 0.612 [0.571, 0.652]}. */
    static String withInterval(ReportContent.Estimate estimate) {
        if (!Double.isFinite(estimate.lo())) {
            return decimal(estimate.value());
        }
        return decimal(estimate.value()) + " " + interval(estimate);
    }

    /** A layer and head written as {@code 4-7}, both counted from 0. */
    static String head(int layer, int head) {
        if (layer < 0 || head < 0) {
            return NOT_AVAILABLE;
        }
        return layer + "-" + head;
    }
}
