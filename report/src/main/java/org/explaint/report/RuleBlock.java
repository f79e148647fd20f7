package org.explaint.report;

/** Writes a decision rule: its name, its wording and its thresholds. */
final class RuleBlock {
    private RuleBlock() {
    }

    /** Writes the rule, or nothing when the results name none. */
    static void write(Html html, ReportContent.Rule rule) {
        if (rule.name() == null && rule.text() == null && rule.thresholds().isEmpty()) {
            return;
        }
        html.open("div", "class", "rule");
        html.open("p");
        html.element("strong", "Decision rule" + (rule.name() == null ? "" : " "
                + rule.name()) + ": ");
        html.text(rule.text() == null ? Figures.NOT_AVAILABLE : rule.text());
        html.close("p");
        if (!rule.thresholds().isEmpty()) {
            html.open("ul", "class", "thresholds");
            for (ReportContent.Entry threshold : rule.thresholds()) {
                html.open("li").element("code", threshold.name()).text(" = " + threshold.value())
                        .close("li");
            }
            html.close("ul");
        }
        html.close("div");
    }
}
